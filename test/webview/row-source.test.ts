// The list's paged rows: every retained seq is a row whether or not its summary is here; incomplete
// pages are fetched from the host (≤ 1000 per request); memory stays bounded; the op filter narrows.
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

  it('narrows to the held rows of the chosen operations, adds matching appends and forgets them on clear', () => {
    const rows = new RowSource();
    rows.snapshot(1, 30, range(1, 30));
    rows.setFilter(['delete']);
    assert.equal(rows.count, 10);
    assert.equal(rows.rowAt(0)?.seq, 3);
    assert.equal(rows.indexOf(9), 2);
    rows.appended([summary(31, 'insert'), summary(32, 'delete')], 1, 32);
    assert.equal(rows.count, 11);
    assert.equal(rows.seqAt(10), 32);
    rows.setFilter([]);
    assert.equal(rows.count, 32);
    rows.cleared(33, 32);
    assert.equal(rows.count, 0);
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
  it('narrows to a seq window (a brushed time range) and pages only that window in from the host', async () => {
    const h = host(1, 5000);
    const rows = new RowSource(h.fetch);
    rows.snapshot(1, 5000, range(4501, 5000));
    rows.setSeqWindow({ fromSeq: 1200, toSeq: 1299 });
    assert.equal(rows.count, 100);
    assert.equal(rows.seqAt(0), 1200);
    assert.equal(rows.seqAt(99), 1299);
    assert.equal(rows.seqAt(100), undefined);
    assert.equal(rows.indexOf(1250), 50);
    assert.equal(rows.indexOf(1300), -1, 'outside the window');
    rows.ensure(0, 99);
    await settle();
    assert.deepEqual(h.asked, [{ fromSeq: 1000, count: 500 }], 'one page, the one holding the window');
    assert.equal(rows.rowAt(0)?.seq, 1200);
    // The op filter narrows within the window.
    rows.setFilter(['delete']);
    assert.ok(rows.count > 0 && rows.count < 100);
    for (let i = 0; i < rows.count; i++) {
      const seq = rows.seqAt(i)!;
      assert.ok(seq >= 1200 && seq <= 1299 && seq % 3 === 0, `seq ${seq} in the window and a delete`);
    }
    rows.setFilter(undefined);
    rows.setSeqWindow(undefined);
    assert.equal(rows.count, 5000, 'clearing the window shows every row again');
  });
});
