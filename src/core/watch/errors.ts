// Turns whatever the driver or server threw into a WatchError value: a stable code, a sentence for
// people, what to do next, and whether retrying can help (transient) or can never help (terminal).
import type { WatchErrorInfo } from '../../shared/protocol';
import { redactConnectionString } from '../connections/connectionString';

export interface WatchError extends WatchErrorInfo {
  /** Retrying with the same token/options can never succeed: do not loop. */
  terminal: boolean;
  /** The connection or server had a passing problem: reopening from the last token may succeed. */
  transient: boolean;
}

/** Server codes MongoDB marks resumable for change streams (network, stepdown, shutdown, cursor lost). */
const TRANSIENT_CODES = new Set([
  6, 7, 43, 63, 89, 91, 133, 150, 189, 234, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);
const NETWORK_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  codeName?: unknown;
  errorLabels?: unknown;
  errorLabelSet?: unknown;
  hasErrorLabel?: unknown;
}

export function classifyError(err: unknown, redact: (s: string) => string = (s) => s): WatchError {
  const e: ErrorShape = typeof err === 'object' && err !== null ? (err as ErrorShape) : { message: String(err) };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'number' ? e.code : undefined;
  const raw = scrub(typeof e.message === 'string' ? e.message : String(err), redact);
  const labels = errorLabels(e);
  const make = (
    c: string,
    message: string,
    action: string,
    flags: { terminal?: boolean; transient?: boolean } = {},
  ): WatchError => {
    const out: WatchError = {
      code: c,
      message: scrub(message, redact),
      action: scrub(action, redact),
      terminal: flags.terminal ?? false,
      transient: flags.transient ?? false,
    };
    if (code !== undefined) out.serverCode = code;
    return out;
  };

  if (code === 40573 || /only supported on replica sets/i.test(raw)) {
    return make(
      'NOT_REPLICA_SET',
      'This server is not a replica set, and change streams need one.',
      'Connect to a replica set (or a sharded cluster), use the built-in Sandbox connection, or restart mongod with --replSet rs0 and run rs.initiate().',
      { terminal: true },
    );
  }
  if (code === 260 || (/resume token/i.test(raw) && /invalid|not allowed|parse/i.test(raw))) {
    return make(
      'INVALID_RESUME_TOKEN',
      `This resume token cannot be used: ${raw}`,
      'After an invalidate event, start again with startAfter; otherwise start from now or from a time.',
      { terminal: true },
    );
  }
  if (code === 286 || /no longer be in the oplog|history lost/i.test(raw)) {
    return make(
      'HISTORY_LOST',
      'The resume point is no longer in the oplog, so the events since then cannot be replayed.',
      'Start the watch from now (events in between are lost), or give the oplog a larger size so resume points last longer.',
      { terminal: true },
    );
  }
  if (code === 280) {
    return make(
      'ID_MODIFIED',
      `The stream stopped because the pipeline changed or removed the event _id (the resume token): ${raw}`,
      'Keep _id in every $project / $unset / $replaceRoot stage of the pipeline, then start again.',
      { terminal: true },
    );
  }
  if (
    /not (permitted|allowed|supported) in a \$changeStream pipeline|Unrecognized pipeline stage/i.test(raw) ||
    code === 40324
  ) {
    return make(
      'PIPELINE_REFUSED',
      `The server refused the pipeline: ${raw}`,
      'Use only $match, $project, $addFields, $set, $unset, $replaceRoot, $replaceWith, $redact and a final $changeStreamSplitLargeEvent.',
      { terminal: true },
    );
  }
  if (/(pre|post)-?image/i.test(raw) && /(required|not (available|found)|missing|absent)/i.test(raw)) {
    return make(
      'IMAGE_MISSING',
      `A required pre- or post-image was not recorded for this event: ${raw}`,
      "Enable changeStreamPreAndPostImages on the collection (collMod), or set fullDocument / fullDocumentBeforeChange to 'whenAvailable'.",
      { terminal: true },
    );
  }
  if (code === 13) {
    return make(
      'UNAUTHORIZED',
      `This user may not watch here: ${raw}`,
      'Grant the user the changeStream and find actions on this namespace (e.g. the read role), or connect as another user.',
      { terminal: true },
    );
  }
  if (code === 18 || /authentication failed/i.test(raw)) {
    return make(
      'AUTH_FAILED',
      'The server refused the user name or password.',
      'Edit the connection and check the user, password and authSource.',
      { terminal: true },
    );
  }
  if (code === 26 || /ns not found|namespace .* not found/i.test(raw)) {
    return make(
      'NAMESPACE_NOT_FOUND',
      `The database or collection does not exist: ${raw}`,
      'Refresh the connection tree and pick an existing namespace.',
      { terminal: true },
    );
  }
  if (name === 'MongoServerSelectionError') {
    return make(
      'SERVER_SELECTION',
      `No server answered in time: ${raw}`,
      'Check that the server is running and reachable from this machine (host, port, firewall, TLS).',
      { transient: true },
    );
  }
  if (
    NETWORK_NAMES.has(name) ||
    labels.includes('ResumableChangeStreamError') ||
    (code !== undefined && TRANSIENT_CODES.has(code))
  ) {
    return make(
      'NETWORK',
      `The connection to the server was interrupted: ${raw}`,
      'Nothing to do: the watch reconnects from its last resume token. If it keeps failing, check the server and the network.',
      { transient: true },
    );
  }
  return make(
    'UNKNOWN',
    raw || 'The watch failed for an unknown reason.',
    'See the Change Streams log for details, then start the watch again.',
  );
}

function errorLabels(e: ErrorShape): string[] {
  if (e.errorLabelSet instanceof Set) return [...e.errorLabelSet].map(String);
  if (Array.isArray(e.errorLabels)) return e.errorLabels.map(String);
  return [];
}

/** Applies the caller's secret list, then hides any connection string the driver echoed. */
function scrub(text: string, redact: (s: string) => string): string {
  return redact(text).replace(/mongodb(\+srv)?:\/\/[^\s'",)]+/gi, (uri) => redactConnectionString(uri));
}
