// Groups the events of one transaction: same lsid + txnNumber. Never by clusterTime: since 8.0
// events of different transactions may share a cluster time on any deployment.
import type { Document } from 'bson';

export type ListItem<E> =
  | { kind: 'event'; event: E }
  | { kind: 'transaction'; key: string; events: E[]; clusterTime?: { t: number; i: number } };

/** "<lsid.id hex>:<txnNumber>" for an event written in a transaction, else undefined. */
export function transactionKey(change: Document): string | undefined {
  const lsid = change.lsid as { id?: unknown } | undefined;
  const txn = change.txnNumber as unknown;
  if (!lsid || typeof lsid !== 'object' || txn === undefined || txn === null) return undefined;
  const id = lsid.id as { toString?: (enc?: string) => string; buffer?: Uint8Array } | undefined;
  if (!id) return undefined;
  const idText =
    id.buffer instanceof Uint8Array ? Buffer.from(id.buffer).toString('hex') : String(id.toString?.('hex') ?? id);
  return `${idText}:${String(txn)}`;
}

export function clusterTimeOf(change: Document): { t: number; i: number } | undefined {
  const ct = change.clusterTime as { t?: unknown; i?: unknown; high?: unknown; low?: unknown } | undefined;
  if (!ct || typeof ct !== 'object') return undefined;
  if (typeof ct.t === 'number' && typeof ct.i === 'number') return { t: ct.t, i: ct.i };
  if (typeof ct.high === 'number' && typeof ct.low === 'number') return { t: ct.high >>> 0, i: ct.low >>> 0 };
  return undefined;
}

/**
 * Items in arrival order: each transaction becomes one group at the position of its first event,
 * carrying the commit's cluster time (every event of a commit has it).
 */
export function groupTransactions<E>(events: readonly E[], changeOf: (e: E) => Document): ListItem<E>[] {
  const items: ListItem<E>[] = [];
  const open = new Map<string, Extract<ListItem<E>, { kind: 'transaction' }>>();
  for (const event of events) {
    const change = changeOf(event);
    const key = transactionKey(change);
    if (key === undefined) {
      items.push({ kind: 'event', event });
      continue;
    }
    let group = open.get(key);
    if (!group) {
      group = { kind: 'transaction', key, events: [] };
      open.set(key, group);
      items.push(group);
    }
    group.events.push(event);
    group.clusterTime = clusterTimeOf(change) ?? group.clusterTime;
  }
  return items;
}
