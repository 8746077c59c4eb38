import { strict as assert } from 'node:assert';
import { seqWindowOfTimeRange } from '../../../../src/core/insight/rates';
import { EventLog } from '../../../../src/core/events/eventLog';
import { insightRequestHandlers } from '../../../../src/vscode/panel/handlers/insight';
import type { InspectorContext } from '../../../../src/vscode/panel/handlers/context';
import type { Watch } from '../../../../src/core/watch/watch';
import { Timestamp } from 'bson';

describe('insight: the seq window of a brushed time range', () => {
  it('gives the first and last seq whose time is in [from, to) and how many are in it', () => {
    const times: Record<number, number> = { 10: 1000, 11: 1500, 12: 2000, 13: 2999, 14: 3000, 15: 4000 };
    const w = seqWindowOfTimeRange(10, 15, (s) => times[s], 1500, 3000);
    assert.deepEqual(w, { fromSeq: 11, toSeq: 13, count: 3 });
  });

  it('keeps an out-of-order event inside the window but does not count it', () => {
    const times: Record<number, number> = { 1: 100, 2: 900, 3: 150, 4: 200 };
    assert.deepEqual(
      seqWindowOfTimeRange(1, 4, (s) => times[s], 100, 300),
      { fromSeq: 1, toSeq: 4, count: 3 },
    );
  });

  it('says an empty range is empty (toSeq below fromSeq)', () => {
    const w = seqWindowOfTimeRange(1, 3, () => 50, 100, 200);
    assert.equal(w.count, 0);
    assert.ok(w.toSeq < w.fromSeq);
  });

  it('answers eventsInTimeRange from the watch log by the events cluster times', async () => {
    const log = new EventLog({ maxEvents: 100, maxBytes: 1e7 });
    for (const t of [100, 101, 101, 102, 105])
      log.append({ _id: { _data: '00' }, operationType: 'insert', clusterTime: new Timestamp({ t, i: 1 }) });
    const ctx = { watch: { log } as unknown as Watch } as InspectorContext;
    const w = await insightRequestHandlers.eventsInTimeRange({ from: 101_000, to: 103_000 }, ctx);
    assert.deepEqual(w, { fromSeq: 2, toSeq: 4, count: 3 });
  });
});
