// Is a bookmark still inside the oplog window? The window is the first and last entry of
// local.oplog.rs (read by $natural order, as mongosh's getReplicationInfo does), where privileges allow.
import type { MongoClient } from 'mongodb';
import type { Bookmark } from './schema';

export interface ClusterTime {
  t: number;
  i: number;
}

export interface OplogWindow {
  first: ClusterTime;
  last: ClusterTime;
  firstWall?: Date;
  lastWall?: Date;
}

export type OplogWindowResult =
  | { kind: 'known'; window: OplogWindow }
  | { kind: 'unknown'; reason: 'not-replica-set' | 'unauthorized' | 'unavailable'; message: string };

export type Staleness =
  | { status: 'ok' }
  | { status: 'expired'; message: string; oldest: ClusterTime }
  | { status: 'unknown'; message: string };

const UNAUTHORIZED = new Set([13, 18]); // Unauthorized, AuthenticationFailed

export async function readOplogWindow(client: MongoClient): Promise<OplogWindowResult> {
  const oplog = client.db('local').collection('oplog.rs');
  try {
    const projection = { ts: 1, wall: 1 };
    const [first] = await oplog.find({}, { sort: { $natural: 1 }, limit: 1, projection }).toArray();
    const [last] = await oplog.find({}, { sort: { $natural: -1 }, limit: 1, projection }).toArray();
    const firstTs = asTime(first?.ts);
    const lastTs = asTime(last?.ts);
    if (!firstTs || !lastTs) {
      return {
        kind: 'unknown',
        reason: 'not-replica-set',
        message: 'This server has no oplog (it is not a replica set member), so token age cannot be checked.',
      };
    }
    const window: OplogWindow = { first: firstTs, last: lastTs };
    if (first?.wall instanceof Date) window.firstWall = first.wall;
    if (last?.wall instanceof Date) window.lastWall = last.wall;
    return { kind: 'known', window };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number' && UNAUTHORIZED.has(code)) {
      return {
        kind: 'unknown',
        reason: 'unauthorized',
        message: 'This user may not read local.oplog.rs, so token age cannot be checked before resuming.',
      };
    }
    return {
      kind: 'unknown',
      reason: 'unavailable',
      message: 'The oplog window could not be read, so token age cannot be checked before resuming.',
    };
  }
}

/** ok: inside the window; expired: older than its first entry (resuming would fail with 286); else unknown. */
export function classifyBookmark(bookmark: Pick<Bookmark, 'clusterTime'>, window: OplogWindowResult): Staleness {
  if (window.kind === 'unknown') return { status: 'unknown', message: window.message };
  if (!bookmark.clusterTime) {
    return { status: 'unknown', message: 'The time of this token cannot be read, so its age cannot be checked.' };
  }
  const first = window.window.first;
  if (compareTime(bookmark.clusterTime, first) < 0) {
    return {
      status: 'expired',
      oldest: first,
      message: `This bookmark is older than the oldest oplog entry (${new Date(first.t * 1000).toISOString()}): the server no longer has its history.`,
    };
  }
  return { status: 'ok' };
}

export function compareTime(a: ClusterTime, b: ClusterTime): number {
  return a.t !== b.t ? a.t - b.t : a.i - b.i;
}

/** A BSON Timestamp (or {t, i}) as plain numbers; anything else is undefined. */
function asTime(ts: unknown): ClusterTime | undefined {
  if (typeof ts !== 'object' || ts === null) return undefined;
  const o = ts as { t?: unknown; i?: unknown; high?: unknown; low?: unknown };
  if (typeof o.t === 'number' && typeof o.i === 'number') return { t: o.t, i: o.i };
  if (typeof o.high === 'number' && typeof o.low === 'number') return { t: o.high >>> 0, i: o.low >>> 0 };
  return undefined;
}
