// The webview's store: snapshots replace, appends add in seq order and drop what the host evicted.
import assert from 'node:assert/strict';
import type { EventSummary, HostNotification, PanelSnapshot } from '../../src/shared/protocol';
import { InspectorStore, MAX_ROWS } from '../../webview/app/inspector-store';

function summary(seq: number, op = 'insert'): EventSummary {
  return {
    seq,
    time: '2026-11-22T06:00:00.000Z',
    op,
    ns: 'db.c',
    key: `_id: ${seq}`,
    changed: '',
    bytes: 10,
    hasPre: false,
    hasPost: true,
  };
}

function snapshot(seqs: number[], firstSeq = seqs[0] ?? 1): HostNotification {
  const params: PanelSnapshot = {
    protocol: 1,
    watchId: 'w',
    title: 'db.c',
    target: { connectionId: 'c', connectionName: 'n', scope: 'collection', db: 'db', coll: 'c' },
    options: { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false },
    status: { state: 'streaming', since: 0 },
    counts: { insert: seqs.length },
    total: seqs.length,
    firstSeq,
    lastSeq: seqs[seqs.length - 1] ?? firstSeq - 1,
    summaries: seqs.map((s) => summary(s)),
    rate: 0,
    evicted: 0,
  };
  return { kind: 'notify', method: 'snapshot', params };
}

function appended(seqs: number[], firstSeq: number, evicted = 0): HostNotification {
  return {
    kind: 'notify',
    method: 'appended',
    params: {
      summaries: seqs.map((s) => summary(s, 'update')),
      firstSeq,
      lastSeq: seqs[seqs.length - 1],
      counts: { update: 9 },
      total: 99,
      rate: 3,
      evicted,
    },
  };
}

describe('InspectorStore', () => {
  it('replaces everything on a snapshot, sorted by seq', () => {
    const store = new InspectorStore();
    store.apply(snapshot([1, 2, 3]));
    store.apply(snapshot([7, 5, 6], 5));
    assert.deepEqual(
      store.rows.map((r) => r.seq),
      [5, 6, 7],
    );
    assert.equal(store.watch?.firstSeq, 5);
  });

  it('adds appended rows, skips ones it already has and takes the new counters', () => {
    const store = new InspectorStore();
    store.apply(snapshot([1, 2, 3]));
    store.apply(appended([3, 4, 5], 1, 0));
    assert.deepEqual(
      store.rows.map((r) => r.seq),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(store.watch?.counts, { update: 9 });
    assert.equal(store.watch?.total, 99);
  });

  it('drops rows below the host firstSeq after eviction', () => {
    const store = new InspectorStore();
    store.apply(snapshot([1, 2, 3, 4]));
    store.apply(appended([5, 6], 4, 3));
    assert.deepEqual(
      store.rows.map((r) => r.seq),
      [4, 5, 6],
    );
    assert.equal(store.watch?.evicted, 3);
  });

  it('keeps at most MAX_ROWS rows, the newest ones', () => {
    const store = new InspectorStore();
    store.apply(snapshot([1]));
    const many = Array.from({ length: MAX_ROWS + 5 }, (_, i) => i + 2);
    store.apply(appended(many, 1));
    assert.equal(store.rows.length, MAX_ROWS);
    assert.equal(store.rows[store.rows.length - 1].seq, MAX_ROWS + 6);
  });

  it('empties rows and counters on cleared and finds seqs by binary search', () => {
    const store = new InspectorStore();
    store.apply(snapshot([10, 20, 30]));
    assert.equal(store.indexOfSeq(20), 1);
    assert.equal(store.indexOfSeq(25), -1);
    store.apply({ kind: 'notify', method: 'cleared', params: { firstSeq: 31, lastSeq: 30 } });
    assert.equal(store.rows.length, 0);
    assert.equal(store.watch?.total, 0);
  });

  it('ignores appends before the first snapshot', () => {
    const store = new InspectorStore();
    store.apply(appended([1], 1));
    assert.equal(store.watch, undefined);
    assert.equal(store.rows.length, 0);
  });
});
