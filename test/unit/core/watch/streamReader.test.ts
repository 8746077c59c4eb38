// StreamReader against a stand-in ChangeStream that behaves like the driver's: a getMore fills a
// buffer, tryNext shifts it without I/O, and the resume token after a document is its _id except
// after a batch's last one, where the batch's postBatchResumeToken applies. Each getMore waits for
// the test to answer it, so the tests decide exactly when the server replies. They pin the reader's
// contract (no event lost or repeated across halt/start, one read at a time, the token per event).
import { strict as assert } from 'node:assert';
import type { Document } from 'mongodb';
import { StreamReader } from '../../../../src/core/watch/streamReader';
import type { Stream } from '../../../../src/core/watch/openStream';

type Reply = { docs: number[]; pbrt?: string } | { error: Error } | 'end';

const tok = (n: number) => ({ _data: `t${n}` });
const pbrt = (s: string) => ({ _data: s });

class BufferedStream {
  closed = false;
  resumeToken: unknown = null;
  getMores = 0;
  private buffer: Document[] = [];
  private batchToken: unknown;
  private answer: ((r: Reply) => void) | undefined;
  private readonly replies: Reply[] = [];
  constructor(private readonly log: string[]) {}

  bufferedCount(): number {
    return this.buffer.length;
  }
  async tryNext(): Promise<Document | null> {
    await Promise.resolve();
    if (this.closed) throw new Error('ChangeStream is closed');
    if (this.buffer.length === 0) {
      this.getMores++;
      this.log.push(`getMore ${this.getMores}`);
      const r = this.replies.shift() ?? (await new Promise<Reply>((res) => (this.answer = res)));
      this.answer = undefined;
      if (this.closed) return null;
      if (r === 'end') {
        this.closed = true;
        return null;
      }
      if ('error' in r) throw r.error;
      this.buffer = r.docs.map((n) => ({ _id: tok(n), operationType: 'insert', n }));
      this.batchToken = r.pbrt ? pbrt(r.pbrt) : undefined;
      if (this.buffer.length === 0) {
        if (this.batchToken) this.resumeToken = this.batchToken;
        return null;
      }
    }
    const doc = this.buffer.shift()!;
    this.resumeToken = this.buffer.length === 0 && this.batchToken ? this.batchToken : doc._id;
    return doc;
  }
  /** Answers the getMore in flight, or the next one if none is. */
  reply(r: Reply): void {
    if (this.answer) this.answer(r);
    else this.replies.push(r);
  }
  get waiting(): boolean {
    return this.answer !== undefined;
  }
  async close(): Promise<void> {
    this.closed = true;
    this.answer?.('end');
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

function build(opts: { haltAfter?: number; closeAfter?: number } = {}) {
  const log: string[] = [];
  const stream = new BufferedStream(log);
  const events: { n: number; token: unknown }[] = [];
  const errors: unknown[] = [];
  let idles: unknown[] = [];
  let ended = 0;
  const reader: StreamReader = new StreamReader(stream as unknown as Stream, undefined, {
    event: (doc, token) => {
      events.push({ n: doc.n as number, token });
      log.push(`event ${doc.n as number}`);
      if (events.length === opts.haltAfter) void reader.halt();
      if (events.length === opts.closeAfter) void reader.close();
    },
    idle: (token) => idles.push(token),
    error: (err) => {
      errors.push(err);
      log.push('error');
    },
    ended: () => ended++,
  });
  return {
    stream,
    reader,
    events,
    errors,
    log,
    idles: () => idles,
    clearIdles: () => (idles = []),
    ended: () => ended,
  };
}

describe('StreamReader (one read at a time over the driver buffer)', () => {
  it('gives each event the driver token: its _id, the postBatchResumeToken after the last of a batch', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2, 3], pbrt: 'p1' });
    t.stream.reply({ docs: [4], pbrt: 'p2' });
    t.stream.reply({ docs: [5, 6] });
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.token),
      [tok(1), tok(2), pbrt('p1'), pbrt('p2'), tok(5), tok(6)],
    );
    await t.reader.close();
  });

  it('sends the next getMore only once the batch is handed on (one read at a time)', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2, 3] });
    t.reader.start();
    await flush();
    assert.deepEqual(t.log, ['getMore 1', 'event 1', 'event 2', 'event 3', 'getMore 2']);
    await t.reader.close();
  });

  it('reports an empty batch as idle with its postBatchResumeToken, and reads on', async () => {
    const t = build();
    t.stream.reply({ docs: [], pbrt: 'p0' });
    t.stream.reply({ docs: [1] });
    t.reader.start();
    await flush();
    assert.deepEqual(t.idles(), [pbrt('p0')]);
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1],
    );
    await t.reader.close();
  });

  it('halted from the sink mid-batch, reads no more; start hands on the rest once, in order', async () => {
    const t = build({ haltAfter: 10 });
    const ns = Array.from({ length: 600 }, (_, i) => i + 1);
    t.stream.reply({ docs: ns, pbrt: 'p1' });
    t.reader.start();
    await flush();
    assert.equal(t.events.length, 10);
    assert.equal(t.stream.getMores, 1);
    assert.equal(t.stream.bufferedCount(), 590, 'the rest stays in the driver buffer');
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      ns,
    );
    assert.deepEqual(t.events[599].token, pbrt('p1'));
    await t.reader.close();
  });

  it('holds a read that completes while halted and hands it on first when started again', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2] });
    t.reader.start();
    await flush();
    assert.ok(t.stream.waiting);
    // halt resolves only once the read in flight has settled.
    let halted = false;
    const done = t.reader.halt().then(() => (halted = true));
    await flush();
    assert.equal(halted, false);
    t.stream.reply({ docs: [3, 4], pbrt: 'p2' });
    await done;
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2],
      'nothing is delivered while halted',
    );
    assert.equal(t.stream.getMores, 2, 'no read after the one in flight');
    t.stream.reply({ docs: [5] });
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      t.events.map((e) => e.token),
      [tok(1), tok(2), tok(3), pbrt('p2'), tok(5)],
    );
    await t.reader.close();
  });

  it('reports an empty batch that comes while halted (nothing is held, the token may move)', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2], pbrt: 'p1' });
    t.reader.start();
    await flush();
    const done = t.reader.halt();
    t.stream.reply({ docs: [], pbrt: 'p2' });
    await done;
    assert.deepEqual(t.idles(), [pbrt('p2')]);
    await t.reader.close();
  });

  it('an error after buffered documents comes after all of them, and nothing is read after it', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2, 3], pbrt: 'p1' });
    t.stream.reply({ error: new Error('boom') });
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.log.filter((l) => !l.startsWith('getMore')),
      ['event 1', 'event 2', 'event 3', 'error'],
    );
    assert.equal((t.errors[0] as Error).message, 'boom');
    assert.equal(t.stream.getMores, 2);
  });

  it('an error of the read in flight while halted is reported at once', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2] });
    t.reader.start();
    await flush();
    const done = t.reader.halt();
    t.stream.reply({ error: new Error('boom') });
    await done;
    assert.equal(t.errors.length, 1);
  });

  it('a cursor the server closed ends after the events before it', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2] });
    t.stream.reply('end');
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2],
    );
    assert.equal(t.ended(), 1);
  });

  it('close from the sink mid-batch delivers nothing more, even when started again', async () => {
    const t = build({ closeAfter: 2 });
    t.stream.reply({ docs: [1, 2, 3, 4] });
    t.reader.start();
    await flush();
    assert.ok(t.reader.isClosed);
    assert.ok(t.stream.closed);
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2],
    );
    assert.deepEqual(t.errors, []);
  });

  it('close while halted drops the held read (the caller reopens from its token)', async () => {
    const t = build();
    t.stream.reply({ docs: [1] });
    t.reader.start();
    await flush();
    const done = t.reader.halt();
    t.stream.reply({ docs: [2, 3] });
    await done;
    await t.reader.close();
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1],
    );
  });

  it('a getMore in flight when closed is neither reported as an error nor as an end', async () => {
    const t = build();
    t.stream.reply({ docs: [1] });
    t.reader.start();
    await flush();
    assert.ok(t.stream.waiting);
    await t.reader.close();
    assert.deepEqual(t.errors, []);
    assert.equal(t.ended(), 0);
  });
});
