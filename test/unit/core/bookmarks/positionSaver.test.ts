import { strict as assert } from 'node:assert';
import { MemoryStorage, PositionSaver, loadPosition, type SaverClock } from '../../../../src/core/bookmarks';

/** A clock the test moves by hand; timers fire when time passes them. */
class FakeClock implements SaverClock {
  time = 1000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 0;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.next;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
  get pending(): number {
    return this.timers.length;
  }
}

const tok = (n: number) => ({ _data: `82000000${n.toString(16).padStart(2, '0').toUpperCase()}00000001` });
const KEY = 'csi.follow.conn-1.shop.orders';

describe('PositionSaver (follow mode)', () => {
  let storage: MemoryStorage;
  let clock: FakeClock;
  let saver: PositionSaver;
  beforeEach(() => {
    storage = new MemoryStorage();
    clock = new FakeClock();
    saver = new PositionSaver(storage, KEY, [{ $match: { a: 1 } }], 500, clock);
  });
  const saved = () => loadPosition(storage, KEY)?.token._data;
  const settle = () => saver.flush().then(() => undefined);

  it('saves the first token at once, then at most once per interval, always the latest', async () => {
    saver.record(tok(1));
    await settle();
    assert.equal(saved(), tok(1)._data);
    for (let n = 2; n <= 50; n++) {
      clock.advance(5);
      saver.record(tok(n));
    }
    // 245 ms after the first save: throttled, nothing new saved yet.
    await Promise.resolve();
    assert.equal(saver.saves, 1);
    clock.advance(255);
    await new Promise((r) => setImmediate(r));
    assert.equal(saver.saves, 2);
    assert.equal(saved(), tok(50)._data);
    assert.equal(clock.pending, 0);
  });

  it('saves the pending token on dispose, and nothing after', async () => {
    saver.record(tok(1));
    clock.advance(10);
    saver.record(tok(2));
    assert.equal(clock.pending, 1);
    await saver.dispose();
    assert.equal(saved(), tok(2)._data);
    assert.equal(clock.pending, 0);
    saver.record(tok(3));
    await saver.flush();
    assert.equal(saved(), tok(2)._data);
  });

  it('keeps the pipeline with the position, and clear() forgets it', async () => {
    saver.record(tok(7));
    await settle();
    assert.equal(loadPosition(storage, KEY)?.pipeline, '[{"$match":{"a":{"$numberInt":"1"}}}]');
    await saver.clear();
    assert.equal(loadPosition(storage, KEY), undefined);
  });

  it('never lets an older write land after a newer one when storage is slow', async () => {
    const writes: string[] = [];
    const slow = {
      value: undefined as unknown,
      get: <T>() => slow.value as T,
      update: (_k: string, value: unknown) =>
        new Promise<void>((r) =>
          setTimeout(
            () => {
              slow.value = value;
              writes.push((value as { token: { _data: string } }).token._data);
              r();
            },
            writes.length === 0 ? 30 : 1,
          ),
        ),
    };
    const s = new PositionSaver(slow, KEY, [], 0, clock);
    s.record(tok(1));
    s.record(tok(2));
    await s.dispose();
    assert.deepEqual(writes, [tok(1)._data, tok(2)._data]);
  });

  it('reports a value that is not a token instead of throwing into the watch loop', async () => {
    const errors: unknown[] = [];
    const s = new PositionSaver(storage, KEY, [], 0, clock, (e) => errors.push(e));
    s.record(tok(1));
    s.record({ _data: 42 });
    await s.dispose();
    assert.equal(errors.length, 1);
    assert.equal(saved(), tok(1)._data);
  });

  it('reads nothing from a missing or corrupted saved position', async () => {
    assert.equal(loadPosition(storage, KEY), undefined);
    await storage.update(KEY, { token: 'x', savedAt: 1, pipeline: '[]' });
    assert.equal(loadPosition(storage, KEY), undefined);
  });
});
