// The quick filter over a live EventLog: whole-log matches, ordinals that survive eviction, only new
// events scanned on append, clear and bad text.
import { strict as assert } from 'node:assert';
import { Int32 } from 'bson';
import { EventLog } from '../../../../src/core/events/eventLog';
import { matchLog, QuickFilterSession } from '../../../../src/core/pipeline/quickFilterLog';
import { parseQuickFilter } from '../../../../src/core/pipeline/quickFilter';

function change(i: number, op = i % 2 === 0 ? 'update' : 'insert') {
  return {
    _id: { _data: `T${i}` },
    operationType: op,
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: new Int32(i) },
    fullDocument: { _id: new Int32(i), qty: new Int32(i % 10), status: i % 5 === 0 ? 'open' : 'closed' },
  };
}
function filled(n: number, maxEvents = 10_000): EventLog {
  const log = new EventLog({ maxEvents, maxBytes: 64 * 1024 * 1024 });
  for (let i = 1; i <= n; i++) log.append(change(i));
  return log;
}
const seqsOf = (s: QuickFilterSession) => {
  const { first, last } = s.range();
  return s.summaries(first, last - first + 1).summaries.map((x) => x.seq);
};

describe('QuickFilterSession (the quick filter over a whole EventLog)', () => {
  it('matches over every retained event and pages them by ordinal', () => {
    const log = filled(100);
    const s = new QuickFilterSession(log);
    assert.deepEqual(s.set('fullDocument.status = open', []), { ok: true });
    assert.equal(s.matched, 20);
    assert.deepEqual(s.range(), { first: 1, last: 20 });
    assert.deepEqual(
      s.summaries(3, 2).summaries.map((x) => x.seq),
      [15, 20],
    );
    assert.deepEqual(seqsOf(s).slice(0, 3), [5, 10, 15]);
  });

  it('op chips alone filter, and combine with text', () => {
    const log = filled(20);
    const s = new QuickFilterSession(log);
    s.set('', ['update']);
    assert.equal(s.matched, 10);
    s.set('fullDocument.status = open', ['update']);
    assert.deepEqual(seqsOf(s), [10, 20]);
  });

  it('scans only the new events on append and hands each new match out once', () => {
    const log = filled(10);
    const s = new QuickFilterSession(log);
    s.set('open', []);
    assert.deepEqual(
      s.latest(100).summaries.map((x) => x.seq),
      [5, 10],
    );
    for (let i = 11; i <= 25; i++) log.append(change(i));
    const fresh = s.takeNew(1000);
    assert.deepEqual(
      fresh.summaries.map((x) => x.seq),
      [15, 20, 25],
    );
    assert.equal(fresh.from, 3);
    assert.deepEqual(s.takeNew(1000).summaries, [], 'nothing twice');
  });

  it('drops evicted matches from the front without renumbering the rest', () => {
    const log = filled(50, 50);
    const s = new QuickFilterSession(log);
    s.set('fullDocument.status = open', []);
    assert.deepEqual(s.range(), { first: 1, last: 10 });
    for (let i = 51; i <= 62; i++) log.append(change(i));
    s.sync();
    // seqs 1..12 left: matches 5 and 10 gone (ordinals 1, 2); 55 and 60 came (ordinals 11, 12).
    assert.deepEqual(s.range(), { first: 3, last: 12 });
    assert.equal(s.summaries(3, 1).summaries[0].seq, 15);
    assert.equal(s.summaries(12, 1).summaries[0].seq, 60);
  });

  it('a cleared log leaves no matches; later events match again', () => {
    const log = filled(20);
    const s = new QuickFilterSession(log);
    s.set('open', []);
    log.clear();
    s.sync();
    assert.equal(s.matched, 0);
    log.append(change(25));
    s.sync();
    assert.deepEqual(seqsOf(s), [21]);
  });

  it('the same text keeps its matches and id; a new one gets a new id; empty clears', () => {
    const log = filled(20);
    const s = new QuickFilterSession(log);
    s.set('open', []);
    const id = s.id;
    s.set(' open ', []);
    assert.equal(s.id, id);
    s.set('closed', []);
    assert.notEqual(s.id, id);
    s.set('', []);
    assert.equal(s.active, false);
  });

  it('bad text is refused with its column and the previous filter stays', () => {
    const log = filled(20);
    const s = new QuickFilterSession(log);
    s.set('open', []);
    const r = s.set('fullDocument.qty >', []);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.column, 1);
    assert.equal(s.matched, 4);
  });

  it('matchLog reads from a seq on and says how far it looked', () => {
    const log = filled(30);
    const p = parseQuickFilter('', ['insert']);
    assert.ok(p.ok);
    const out: number[] = [];
    assert.equal(matchLog(log, p.query, 25, out), 30);
    assert.deepEqual(out, [25, 27, 29]);
  });
});
