// Handshake and server-level commands: hello/isMaster, ping, buildInfo, serverStatus,
// replSetGetStatus (with the oplog window), getParameter, endSessions, configureFailPoint.
import { Int32, Long, ObjectId } from 'bson';
import type { CommandContext, CommandHandler } from '../server/dispatch';
import { helloAuthFields } from './auth';
import { storageStats } from './systemdbs';
import { CommandError } from '../base/errors';
import { MAX_BSON_BYTES, MAX_MESSAGE_BYTES } from '../wire/messages';
import { type Doc, bsonTypeOf } from '../base/values';

export const MAX_WIRE_VERSION = 21; // MongoDB 7.0
const VERSION = '7.0.14';

function hello(ctx: CommandContext): Doc {
  const { state, cmd, conn } = ctx;
  const legacy = cmd.hello === undefined;
  const reply: Doc = {};
  if (legacy) reply.ismaster = true;
  else reply.isWritablePrimary = true;
  if (legacy) reply.helloOk = true;
  if (!state.opts.standalone) {
    Object.assign(reply, {
      hosts: [state.host],
      setName: state.opts.replSetName,
      setVersion: 1,
      secondary: false,
      primary: state.host,
      me: state.host,
      electionId: ELECTION_ID,
      lastWrite: { opTime: { ts: state.clock.current(), t: Long.fromNumber(1) }, lastWriteDate: new Date() },
    });
  }
  Object.assign(reply, {
    maxBsonObjectSize: MAX_BSON_BYTES,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: conn.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
  if (!legacy) reply.ismaster = true;
  helloAuthFields(ctx, reply);
  return reply;
}

const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

function replSetGetStatus({ state }: CommandContext): Doc {
  if (state.opts.standalone) throw new CommandError(76, 'not running with --replSet');
  const first = state.oplog.first(),
    last = state.oplog.last();
  const now = state.clock.current();
  const opTime = { ts: last?.ts ?? now, t: Long.fromNumber(1) };
  return {
    set: state.opts.replSetName,
    date: new Date(),
    myState: 1,
    term: Long.fromNumber(1),
    optimes: { lastCommittedOpTime: opTime, appliedOpTime: opTime, durableOpTime: opTime },
    members: [
      {
        _id: 0,
        name: state.host,
        health: 1,
        state: 1,
        stateStr: 'PRIMARY',
        uptime: uptime(state.startedAt),
        optime: opTime,
        optimeDate: last?.wall ?? new Date(),
        lastAppliedWallTime: last?.wall ?? new Date(),
        syncSourceHost: '',
        syncSourceId: -1,
        electionDate: state.startedAt,
        configVersion: 1,
        configTerm: 1,
        self: true,
      },
    ],
    oplog: {
      firstTs: first?.ts ?? now,
      lastTs: last?.ts ?? now,
      firstWallTime: first?.wall ?? null,
      lastWallTime: last?.wall ?? null,
      entries: state.oplog.size,
      capacity: state.oplog.capacity,
    },
    ok: 1,
  };
}

/** setClusterParameter: only changeStreamOptions.preAndPostImages.expireAfterSeconds ('off' or seconds > 0). */
function setClusterParameter({ state, db, cmd }: CommandContext): Doc {
  if (db !== 'admin') throw new CommandError(13, 'setClusterParameter may only be run against the admin database.');
  const arg = cmd.setClusterParameter as Doc | undefined;
  const opts = arg?.changeStreamOptions as Doc | undefined;
  const images = opts?.preAndPostImages as Doc | undefined;
  const expire = images?.expireAfterSeconds;
  const numeric = typeof expire === 'number' || ['Int32', 'Long', 'Double'].includes(bsonTypeOf(expire) ?? '');
  const valid = expire === 'off' || (numeric && Number(expire) > 0);
  if (!arg || Object.keys(arg).length !== 1 || !images || !valid)
    throw new CommandError(
      2,
      "setClusterParameter takes {changeStreamOptions: {preAndPostImages: {expireAfterSeconds: 'off' | seconds}}}",
    );
  state.clusterParameters.changeStreamOptions = { preAndPostImages: { expireAfterSeconds: expire } };
  return { ok: 1 };
}

function uptime(since: Date): number {
  return Math.floor((Date.now() - since.getTime()) / 1000);
}

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: VERSION,
    gitVersion: 'sandbox',
    versionArray: VERSION.split('.')
      .map((n) => new Int32(Number(n)))
      .concat([new Int32(0)]),
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_BYTES,
    storageEngines: ['inMemory'],
    modules: [],
    sandbox: true,
    ok: 1,
  }),
  buildinfo: (c) => adminCommands.buildInfo(c),
  serverStatus: ({ state }) => ({
    host: state.host,
    version: VERSION,
    process: 'mongod',
    pid: Long.fromNumber(process.pid),
    uptime: uptime(state.startedAt),
    localTime: new Date(),
    connections: { current: state.connectionCount, available: 1000 },
    repl: state.opts.standalone
      ? undefined
      : { setName: state.opts.replSetName, isWritablePrimary: true, hosts: [state.host] },
    storageEngine: { name: 'inMemory' },
    // The sandbox keeps images with their oplog entries and never purges them separately.
    changeStreamPreImages: {
      purgingJob: {
        totalPass: Long.fromNumber(0),
        docsDeleted: Long.fromNumber(0),
        bytesDeleted: Long.fromNumber(0),
        scannedCollections: Long.fromNumber(0),
        scannedInternalCollections: Long.fromNumber(0),
        maxStartWallTimeMillis: Long.fromNumber(0),
        timeElapsedMillis: Long.fromNumber(0),
      },
      expireAfterSeconds: ((state.clusterParameters.changeStreamOptions as Doc).preAndPostImages as Doc)
        .expireAfterSeconds,
    },
    sandbox: { cursors: state.cursors.size, oplogEntries: state.oplog.size },
    ok: 1,
  }),
  replSetGetStatus,
  getParameter: ({ state, cmd }) => {
    const out: Doc = { ok: 1 };
    if (cmd.changeStreamOptions !== undefined || cmd.getParameter === '*')
      out.changeStreamOptions = state.clusterParameters.changeStreamOptions;
    if (cmd.featureCompatibilityVersion !== undefined || cmd.getParameter === '*')
      out.featureCompatibilityVersion = { version: '7.0' };
    return out;
  },
  getClusterParameter: ({ state, cmd }) => {
    const names = Array.isArray(cmd.getClusterParameter) ? cmd.getClusterParameter : [cmd.getClusterParameter];
    const params = names
      .filter((n) => n === 'changeStreamOptions' || n === '*')
      .map(() => ({ _id: 'changeStreamOptions', ...(state.clusterParameters.changeStreamOptions as Doc) }));
    return { clusterParameters: params, ok: 1 };
  },
  setClusterParameter,
  replSetInitiate: ({ state }) => {
    if (state.opts.standalone) throw new CommandError(76, 'This node was not started with replication enabled.');
    throw new CommandError(23, 'already initialized');
  },
  collStats: ({ state, db, cmd }) => {
    if (typeof cmd.collStats !== 'string') throw new CommandError(73, 'collStats needs a collection name');
    return { ns: `${db}.${cmd.collStats}`, ...storageStats(state, db, cmd.collStats), ok: 1 };
  },
  getCmdLineOpts: ({ state }) => ({
    argv: ['sandbox'],
    parsed: state.opts.standalone ? {} : { replication: { replSet: state.opts.replSetName } },
    ok: 1,
  }),
  hostInfo: () => ({ system: { hostname: '127.0.0.1', numCores: 1 }, os: { type: process.platform }, ok: 1 }),
  whatsmyuri: ({ conn }) => ({ you: conn.remote, ok: 1 }),
  connectionStatus: ({ conn }) => ({
    authInfo: {
      authenticatedUsers: (conn.authenticatedUsers ?? []).map((n) => ({
        user: n.slice(n.indexOf('.') + 1),
        db: n.slice(0, n.indexOf('.')),
      })),
      authenticatedUserRoles: [],
    },
    ok: 1,
  }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  getFreeMonitoringStatus: () => ({ state: 'disabled', ok: 1 }),
  endSessions: () => ({ ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  startSession: () => ({ ok: 1 }),
  abortTransaction: ({ state, cmd }) => {
    state.txns.abortNamed(cmd);
    return { ok: 1 };
  },
  commitTransaction: ({ state, cmd }) => {
    state.txns.commit(cmd);
    return { ok: 1 };
  },
  configureFailPoint: ({ state, cmd, db }) => {
    if (db !== 'admin') throw new CommandError(13, 'configureFailPoint may only be run against the admin database.');
    return { ...state.failpoints.configure(cmd), ok: 1 };
  },
  appendOplogNote: () => ({ ok: 1 }),
  getDefaultRWConcern: () => ({
    defaultReadConcern: { level: 'local' },
    defaultWriteConcern: { w: 'majority', wtimeout: 0 },
    ok: 1,
  }),
  replSetGetConfig: ({ state }) => ({
    config: { _id: state.opts.replSetName, version: 1, members: [{ _id: 0, host: state.host }] },
    ok: 1,
  }),
};
