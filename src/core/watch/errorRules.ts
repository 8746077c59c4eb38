// The rule table that names what the driver or server threw: first matching rule wins. Each rule
// gives a stable code, the sentence and the action, how retrying behaves, and the ways on it offers.
import type { WayOn } from './model';
import { allowedStagesSentence } from '../pipeline/stages';

export type WatchErrorCode =
  | 'NOT_REPLICA_SET'
  | 'INVALID_RESUME_TOKEN'
  | 'HISTORY_LOST'
  | 'ID_MODIFIED'
  | 'PIPELINE_REFUSED'
  | 'IMAGE_MISSING'
  | 'UNAUTHORIZED'
  | 'AUTH_FAILED'
  | 'NAMESPACE_NOT_FOUND'
  | 'EVENT_TOO_LARGE'
  | 'SERVER_SELECTION'
  | 'NETWORK'
  | 'UNKNOWN';

export interface ErrorFacts {
  name: string;
  code: number | undefined;
  /** The server's message, already scrubbed of secrets. */
  raw: string;
  labels: readonly string[];
}

export interface ErrorRule {
  code: WatchErrorCode;
  match(f: ErrorFacts): boolean;
  message(f: ErrorFacts): string;
  action: string;
  /** terminal: retrying with the same token/options can never succeed; transient: reopening may. */
  kind: 'terminal' | 'transient' | 'other';
  /** For token-terminal errors: where the watch can start instead (never silently from now). */
  waysOn?: WayOn[];
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

export const ERROR_RULES: readonly ErrorRule[] = [
  {
    code: 'NOT_REPLICA_SET',
    match: (f) => f.code === 40573 || /only supported on replica sets/i.test(f.raw),
    message: () => 'This server is not a replica set, and change streams need one.',
    action:
      'Connect to a replica set (or a sharded cluster), use the built-in Sandbox connection, or restart mongod with --replSet rs0 and run rs.initiate().',
    kind: 'terminal',
  },
  {
    code: 'INVALID_RESUME_TOKEN',
    match: (f) => f.code === 260 || (/resume token/i.test(f.raw) && /invalid|not allowed|parse/i.test(f.raw)),
    message: (f) => `This resume token cannot be used: ${f.raw}`,
    action: 'Start after the invalidate event, start from now, or start at a chosen time.',
    kind: 'terminal',
    waysOn: ['startAfter', 'now', 'atTime'],
  },
  {
    code: 'HISTORY_LOST',
    match: (f) => f.code === 286 || /no longer be in the oplog|history lost/i.test(f.raw),
    message: () => 'The resume point is no longer in the oplog, so the events since then cannot be replayed.',
    action:
      'Start from now (events in between are lost), start at the oldest time the server still holds, or start at a chosen time.',
    kind: 'terminal',
    waysOn: ['now', 'oldest', 'atTime'],
  },
  {
    code: 'ID_MODIFIED',
    match: (f) => f.code === 280,
    message: (f) =>
      `The stream stopped because the pipeline changed or removed the event _id (the resume token): ${f.raw}`,
    action: 'Keep _id in every $project / $unset / $replaceRoot stage of the pipeline, then start again.',
    kind: 'terminal',
  },
  {
    code: 'PIPELINE_REFUSED',
    match: (f) =>
      f.code === 40324 ||
      /not (permitted|allowed|supported) in a \$changeStream pipeline|Unrecognized pipeline stage/i.test(f.raw),
    message: (f) => `The server refused the pipeline: ${f.raw}`,
    action: `Use only ${allowedStagesSentence()}.`,
    kind: 'terminal',
  },
  {
    code: 'IMAGE_MISSING',
    match: (f) => /(pre|post)-?image/i.test(f.raw) && /(required|not (available|found)|missing|absent)/i.test(f.raw),
    // The server's sentence already says which image is missing; say ours once, not both.
    message: () => 'A required pre- or post-image was not recorded for this event.',
    action:
      "Enable changeStreamPreAndPostImages on the collection (collMod), or set fullDocument / fullDocumentBeforeChange to 'whenAvailable'.",
    kind: 'terminal',
  },
  {
    code: 'UNAUTHORIZED',
    match: (f) => f.code === 13,
    message: (f) => `This user may not watch here: ${f.raw}`,
    action:
      'Grant the user the changeStream and find actions on this namespace (e.g. the read role), or connect as another user.',
    kind: 'terminal',
  },
  {
    code: 'AUTH_FAILED',
    match: (f) => f.code === 18 || /authentication failed/i.test(f.raw),
    message: () => 'The server refused the user name or password.',
    action: 'Edit the connection and check the user, password and authSource.',
    kind: 'terminal',
  },
  {
    code: 'NAMESPACE_NOT_FOUND',
    match: (f) => f.code === 26 || /ns not found|namespace .* not found/i.test(f.raw),
    message: (f) => `The database or collection does not exist: ${f.raw}`,
    action: 'Refresh the connection tree and pick an existing namespace.',
    kind: 'terminal',
  },
  {
    code: 'EVENT_TOO_LARGE',
    match: (f) => f.code === 10334 || /BSONObjectTooLarge/.test(f.raw),
    message: () => "A change event is over MongoDB's 16 MB limit, so the server could not send it.",
    action:
      'Add a final { $changeStreamSplitLargeEvent: {} } stage (MongoDB 6.0.9 or 7.0+) so the server sends it in fragments; the watch joins them into one event.',
    kind: 'terminal',
  },
  {
    code: 'SERVER_SELECTION',
    match: (f) => f.name === 'MongoServerSelectionError',
    message: (f) => `No server answered in time: ${f.raw}`,
    action: 'Check that the server is running and reachable from this machine (host, port, firewall, TLS).',
    kind: 'transient',
  },
  {
    code: 'NETWORK',
    match: (f) =>
      NETWORK_NAMES.has(f.name) ||
      f.labels.includes('ResumableChangeStreamError') ||
      (f.code !== undefined && TRANSIENT_CODES.has(f.code)),
    message: (f) => `The connection to the server was interrupted: ${f.raw}`,
    action:
      'Nothing to do: the watch reconnects from its last resume token. If it keeps failing, check the server and the network.',
    kind: 'transient',
  },
];

export const FALLBACK_RULE: ErrorRule = {
  code: 'UNKNOWN',
  match: () => true,
  message: (f) => f.raw || 'The watch failed for an unknown reason.',
  action: 'See the Change Streams log for details, then start the watch again.',
  kind: 'other',
};
