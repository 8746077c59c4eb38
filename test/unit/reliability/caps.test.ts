// Under a flood the event log's count and byte caps hold (within 5 %), and what it dropped is counted.
import { strict as assert } from 'node:assert';
import { EventLog } from '../../../src/core/events/eventLog';

describe('event log caps under a flood', function () {
  this.timeout(30_000);

  it('holds the count cap and counts every evicted event', () => {
    const log = new EventLog({ maxEvents: 1000, maxBytes: 1 << 30 });
    for (let i = 0; i < 50_000; i++) log.append({ _id: { _data: String(i) }, operationType: 'insert', n: i });
    assert.ok(log.size <= 1000 * 1.05 && log.size >= 1000 * 0.95, `size ${log.size}`);
    assert.equal(log.evicted + log.size, 50_000, 'every dropped event is counted');
    assert.equal(log.lastSeq, 50_000);
  });

  it('holds the byte cap with mixed sizes', () => {
    const cap = 2 << 20;
    const log = new EventLog({ maxEvents: 1_000_000, maxBytes: cap });
    for (let i = 0; i < 20_000; i++) {
      log.append({ _id: { _data: String(i) }, operationType: 'insert', s: 'x'.repeat((i * 7919) % 4000) });
      assert.ok(log.bytes <= cap * 1.05, `bytes ${log.bytes} after ${i}`);
    }
    assert.ok(log.bytes >= cap * 0.95, `the cap is used, not undershot: ${log.bytes}`);
    assert.ok(log.evicted > 0);
  });
});
