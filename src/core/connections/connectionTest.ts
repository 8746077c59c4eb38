// "Test Connection": can this connection string reach a deployment that has change streams? One
// sentence back: reachable with server version and topology, or what to check. A plain TCP probe
// runs first so a refused port or an unknown host is told within a second, not after the driver's
// server-selection timeout; then a throwaway client says hello and asks for buildInfo.
import { connect } from 'node:net';
import type { Document } from 'mongodb';
import { topologyOf, type Topology } from '../doctor/checks';
import { classifyError } from '../watch/errors';
import { redactSecrets, validateConnectionString } from './connectionString';

export interface ConnectionTestResult {
  ok: boolean;
  /** One sentence for the person: what was found, or what failed and what to check. */
  sentence: string;
  version?: string;
  topology?: Topology;
  setName?: string;
  ms: number;
}

export interface ConnectionTestOptions {
  /** Server selection (and TCP probe) limit; default 5 s. */
  timeoutMS?: number;
  appName?: string;
  /** Scrubs known secrets out of server messages. */
  redact?: (text: string) => string;
}

type TcpOutcome = 'open' | { code: string; host: string };

export async function testConnection(uri: string, opts: ConnectionTestOptions = {}): Promise<ConnectionTestResult> {
  const started = Date.now();
  const timeoutMS = opts.timeoutMS ?? 5_000;
  const done = (r: Omit<ConnectionTestResult, 'ms'>): ConnectionTestResult => ({ ...r, ms: Date.now() - started });
  const checked = validateConnectionString(uri);
  if (!checked.ok) return done({ ok: false, sentence: checked.message });

  if (!/^mongodb\+srv:/i.test(uri.trim())) {
    const outcomes = await Promise.all(checked.hosts.map((h) => probeTcp(h, Math.min(timeoutMS, 3_000))));
    if (!outcomes.includes('open')) {
      const first = outcomes[0] as { code: string; host: string };
      return done({ ok: false, sentence: tcpSentence(first, checked.hosts.length) });
    }
  }

  const { MongoClient } = require('mongodb') as typeof import('mongodb');
  const client = new MongoClient(uri, {
    appName: opts.appName ?? 'change-stream-inspector',
    serverSelectionTimeoutMS: timeoutMS,
    connectTimeoutMS: timeoutMS,
  });
  try {
    await client.connect();
    const admin = client.db('admin');
    const hello = await admin.command({ hello: 1 });
    const build: Document = await admin.command({ buildInfo: 1 }).catch(() => ({}));
    const version = typeof build.version === 'string' ? build.version : undefined;
    const topology = topologyOf(hello);
    const setName = typeof hello.setName === 'string' ? hello.setName : undefined;
    const server = version ? `MongoDB ${version}` : 'MongoDB (version not reported)';
    if (topology === 'standalone') {
      return done({
        ok: true,
        version,
        topology,
        sentence:
          `Reachable: ${server}, a standalone server. Change streams need a replica set: ` +
          'restart mongod with --replSet rs0 and run rs.initiate() once (a one-member set is enough).',
      });
    }
    const where = topology === 'sharded' ? 'a sharded cluster (through mongos)' : `replica set "${setName ?? ''}"`;
    return done({
      ok: true,
      version,
      topology,
      setName,
      sentence: `Reachable: ${server}, ${where}. Change streams work here.`,
    });
  } catch (err) {
    // The string under test may not be saved yet, so its password is not among the known secrets.
    const redact = (t: string): string => redactSecrets(opts.redact ? opts.redact(t) : t, [uri]);
    const info = classifyError(err, redact);
    return done({ ok: false, sentence: `Not reachable: ${info.message} ${info.action}` });
  } finally {
    await client.close().catch(() => undefined);
  }
}

function tcpSentence(outcome: { code: string; host: string }, hosts: number): string {
  const all = hosts > 1 ? `none of the ${hosts} hosts accept connections; ${outcome.host}` : outcome.host;
  switch (outcome.code) {
    case 'ECONNREFUSED':
      return `Not reachable: ${all} refused the connection. Check that mongod runs there and listens on that port (it is 27017 unless set otherwise).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Not reachable: the host name in ${all} does not resolve. Check its spelling, or your DNS and VPN.`;
    case 'TIMEOUT':
      return `Not reachable: ${all} did not answer within a few seconds. Check the host, the port and any firewall or VPN between.`;
    default:
      return `Not reachable: connecting to ${all} failed (${outcome.code}). Check the host, the port and the network.`;
  }
}

function probeTcp(hostPort: string, timeoutMS: number): Promise<TcpOutcome> {
  const m = /^\[([^\]]+)\](?::(\d+))?$|^([^:]+)(?::(\d+))?$/.exec(hostPort);
  const host = m?.[1] ?? m?.[3] ?? hostPort;
  const port = Number(m?.[2] ?? m?.[4] ?? 27017);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (r: TcpOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ code: 'TIMEOUT', host: hostPort }), timeoutMS);
    socket.once('connect', () => finish('open'));
    socket.once('error', (e: NodeJS.ErrnoException) => finish({ code: e.code ?? 'ERROR', host: hostPort }));
  });
}
