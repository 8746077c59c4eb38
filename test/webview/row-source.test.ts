// The list's paged rows: every retained seq is a row whether or not its summary is here; incomplete
// pages are fetched from the host (≤ 1000 per request); memory stays bounded; a quick filter pages its matches.
import assert from 'node:assert/strict';
import type { EventSummary } from '../../src/shared/protocol';
import { MAX_PAGES, PAGE, RowSource } from '../../webview/events/row-source';

const summary = (seq: number, op = seq % 3 === 0 ? 'delete' : 'insert'): EventSummary => ({
  seq,
  time: '2026-11-22T06:00:00.000Z',
  op,
  ns: 'db.c',
  key: `_id: ${seq}`,
  changed: '',
  bytes: 10,
  hasPre: false,
  hasPost: true,
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => summary(from + i));

/** A host log of seqs firstSeq..lastSeq answering getSummaries as panelBridge does. */
function host(firstSeq: number, lastSeq: number) {
  const asked: { fromSeq: number; count: number }[] = [];
  const fetch = async (fromSeq: number, count: number) => {
    asked.push({ fromSeq, count });
    const from = Math.max(fromSeq, firstSeq);
    return range(from, Math.min(lastSeq, from + count - 1));
  };
  return { asked, fetch };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('RowSource (paged list rows)', () => {
  it('counts every retained seq as a row and maps indexes to seqs without holding their summaries', () => {
    const rows = new RowSource();
    rows.snapshot(101, 50_100, range(45_101, 50_100));
    assert.equal(rows.count, 50_000);
    assert.equal(rows.seqAt(0), 101);
    assert.equal(rows.indexOf(50_100), 49_999);
    assert.equal(rows.rowAt(0), undefined, 'not held yet');
    assert.equal(rows.rowAt(49_999)?.seq, 50_100);
  });

  it('fetches the incomplete pages behind a window, in requests the protocol accepts, and then holds them', async () => {
    const h = host(1, 12_000);
    const rows = new RowSource(h.fetch);
    rows.snapshot(1, 12_000, range(7_001, 12_000));
    let changes = 0;
    rows.addEventListener('change', () => changes++);
    rows.ensure(0, 30);
    rows.ensure(0, 30); // a second render before the answer asks nothing more
    await settle();
    assert.deepEqual(h.asked, [{ fromSeq: 1, count: PAGE - 1 }]);
    assert.equal(rows.rowAt(0)?.seq, 1);
    assert.equal(rows.rowAt(30)?.seq, 31);
    assert.equal(changes, 1);
    rows.ensure(0, 30);
    assert.equal(h.asked.length, 1, 'a complete page is not fetched again');
    assert.ok(h.asked.every((a) => a.count >= 1 && a.count <= 1000));
  });

  it('fills the gap an append skipped (the host sends at most 1000 summaries per notice)', async () => {
    const h = host(1, 5_000);
    const rows = new RowSource(h.fetch);
    rows.snapshot(1, 1_000, range(1, 1_000));
    rows.appended(range(4_001, 5_000), 1, 5_000);
    assert.equal(rows.count, 5_000);
    assert.equal(rows.rowAt(2_499), undefined);
    rows.ensure(2_490, 2_510);
    await settle();
    assert.equal(rows.rowAt(2_499)?.seq, 2_500);
  });

  it('drops evicted rows and keeps at most MAX_PAGES pages of summaries however far the person scrolls', async () => {
    const h = host(1, 100_000);
    const rows = new RowSource(h.fetch);
    rows.snapshot(1, 100_000, []);
    for (let i = 0; i < 100_000; i += PAGE) {
      rows.ensure(i, i + 10);
      await settle();
    }
    assert.ok(rows.held <= MAX_PAGES * PAGE, `held ${rows.held}`);
    rows.appended([summary(100_001)], 60_001, 100_001);
    assert.equal(rows.count, 40_001);
    assert.equal(rows.seqAt(0), 60_001);
    assert.equal(rows.get(59_000), undefined);
  });

  it("with a quick filter, rows are the host's matches by ordinal, paged in, growing with appends, and clear restores every row", async () => {
    const asked: { filterId: number; from: number; count: number }[] = [];
    // The host's matches of filter 7: every third seq, ordinal k is seq 3k, of seqs 1..30,000.
    const fetchMatches = async (filterId: number, from: number, count: number) => {
      asked.push({ filterId, from, count });
      return {
        from,
        first: 1,
        last: 10_000,
        summaries: range(from, from + count - 1).map((x) => summary(x.seq * 3, 'delete')),
      };
    };
    const rows = new RowSource(host(1, 30_000).fetch);
    rows.snapshot(1, 30_000, range(29_001, 30_000));
    rows.setMatches(
      {
        filterId: 7,
        first: 1,
        last: 10_000,
        from: 9_501,
        summaries: range(9_501, 10_000).map((x) => summary(x.seq * 3, 'delete')),
      },
      fetchMatches,
    );
    assert.equal(rows.filtering, true);
    assert.equal(rows.count, 10_000, 'every match of the whole log, not only held rows');
    assert.equal(rows.total, 30_000);
    assert.equal(rows.seqAt(9_999), 30_000);
    assert.equal(rows.seqAt(0), undefined, 'not loaded yet');
    rows.ensure(0, 10);
    await settle();
    assert.deepEqual(asked, [{ filterId: 7, from: 1, count: PAGE - 1 }]);
    assert.equal(rows.seqAt(0), 3);
    assert.equal(rows.indexOf(30), 9);
    rows.appended([summary(30_001, 'insert'), summary(30_002, 'delete')], 1, 30_002, {
      filterId: 7,
      first: 1,
      last: 10_001,
      from: 10_001,
      summaries: [summary(30_002, 'delete')],
    });
    assert.equal(rows.count, 10_001);
    assert.equal(rows.seqAt(10_000), 30_002);
    rows.appended([summary(30_003)], 1, 30_003, { filterId: 6, first: 1, last: 99, from: 99, summaries: [summary(1)] });
    assert.equal(rows.count, 10_001, 'an append of another filter is ignored');
    rows.clearMatches();
    assert.equal(rows.filtering, false);
    assert.equal(rows.count, 30_003);
    assert.equal(rows.rowAt(30_001)?.seq, 30_002, 'the unfiltered rows kept coming meanwhile');
  });

  it('drops a page of matches that answers a filter replaced meanwhile', async () => {
    let answer: (p: { from: number; first: number; last: number; summaries: EventSummary[] }) => void = () => undefined;
    const rows = new RowSource();
    rows.snapshot(1, 100, range(1, 100));
    const slow = () =>
      new Promise<{ from: number; first: number; last: number; summaries: EventSummary[] }>((r) => (answer = r));
    rows.setMatches({ filterId: 1, first: 1, last: 2_000, from: 2_000, summaries: [summary(99)] }, slow);
    rows.ensure(0, 5);
    rows.setMatches({ filterId: 2, first: 1, last: 1, from: 1, summaries: [summary(50)] }, slow);
    answer({ from: 1, first: 1, last: 2_000, summaries: [summary(1), summary(2)] });
    await settle();
    assert.equal(rows.count, 1);
    assert.equal(rows.seqAt(0), 50);
  });

  it('drops a page answer that arrives after a snapshot replaced the range', async () => {
    let answer: (rows: EventSummary[]) => void = () => undefined;
    const rows = new RowSource(() => new Promise((r) => (answer = r)));
    rows.snapshot(1, 2_000, []);
    rows.ensure(0, 5);
    rows.cleared(2_001, 2_000);
    answer(range(1, 499));
    await settle();
    assert.equal(rows.count, 0);
    assert.equal(rows.held, 0);
  });
});
