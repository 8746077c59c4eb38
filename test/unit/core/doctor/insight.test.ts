import { strict as assert } from 'node:assert';
import { computeInsight } from '../../../../src/core/insight/rates';

describe('insight: rates, counts and lag', () => {
  const now = 1_000_000_000_900; // 900 ms into a second
  const s = 1_000_000_000;
  it('buckets events per second, counts per op and namespace, and measures lag from the newest event', () => {
    const i = computeInsight(
      [
        { at: now - 500, clusterSeconds: s - 2, op: 'insert', ns: 'a.b' },
        { at: now - 200, clusterSeconds: s - 1, op: 'update', ns: 'a.b' },
        { at: now - 1500, clusterSeconds: s - 3, op: 'insert', ns: 'a.c' },
        { at: now - 120_000, op: 'delete', ns: 'a.c' },
      ],
      now,
      1000,
      60,
    );
    assert.equal(i.buckets.length, 60);
    assert.equal(i.buckets[59], 2);
    assert.equal(i.buckets[58], 1);
    assert.equal(
      i.buckets.reduce((a, b) => a + b, 0),
      3,
      'the 2-minute-old event is outside the chart',
    );
    assert.deepEqual(i.byOp, { insert: 2, update: 1, delete: 1 });
    assert.deepEqual(i.byNs, { 'a.b': 2, 'a.c': 2 });
    assert.equal(i.lagMs, 200, 'now − the newest event');
    assert.equal(i.lastClusterSeconds, s - 1);
  });
});
