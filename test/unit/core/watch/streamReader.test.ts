// StreamReader against a stand-in ChangeStream that behaves like the driver's: a getMore fills a
// buffer, tryNext shifts it without I/O, and the resume token after a document is its _id except
// after a batch's last one, where the batch's postBatchResumeToken applies. Each getMore waits for
// the test to answer it, so the tests decide exactly when the server replies.
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

describe('StreamReader (pipelined over the driver buffer)', () => {
  it('takes the whole buffered batch, starts the next getMore, then delivers the batch', async () => {
    const t = build();
    t.stream.reply({ docs: [1, 2, 3], pbrt: 'p1' });
    t.reader.start();
    await flush();
    // The second getMore was sent before event 1 reached the sink: the server works while we log.
    assert.deepEqual(t.log, ['getMore 1', 'getMore 2', 'event 1', 'event 2', 'event 3']);
    assert.ok(t.stream.waiting);
    t.stream.reply({ docs: [4, 5] });
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2, 3, 4, 5],
    );
    await t.reader.close();
  });

  it('hands a big batch on as read and takes only its last 256 documents ahead of the next getMore', async () => {
    const t = build();
    const ns = Array.from({ length: 600 }, (_, i) => i + 1);
    t.stream.reply({ docs: ns, pbrt: 'p1' });
    t.reader.start();
    await flush();
    // Reading the 344th leaves 256 buffered: it and those 256 are taken before the next getMore.
    const second = t.log.indexOf('getMore 2');
    assert.deepEqual(t.log.slice(second - 2, second + 2), ['event 342', 'event 343', 'getMore 2', 'event 344']);
    assert.deepEqual(
      t.events.map((e) => e.n),
      ns,
    );
    assert.deepEqual(t.events[343].token, tok(344));
    assert.deepEqual(t.events[599].token, pbrt('p1'));
    await t.reader.close();
  });

  it('halted in the part of a big batch handed on as read, holds nothing extra and reads no more', async () => {
    const t = build({ haltAfter: 10 });
    const ns = Array.from({ length: 600 }, (_, i) => i + 1);
    t.stream.reply({ docs: ns });
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
    await t.reader.close();
  });

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

  it('halted mid-batch, holds the rest and the read in flight; start delivers them once, in order', async () => {
    const t = build({ haltAfter: 2 });
    t.stream.reply({ docs: [1, 2, 3, 4], pbrt: 'p1' });
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2],
    );
    // The getMore sent before delivery is still in flight: halt resolves when it has settled.
    let halted = false;
    const done = t.reader.halt().then(() => (halted = true));
    await flush();
    assert.equal(halted, false);
    t.stream.reply({ docs: [5, 6], pbrt: 'p2' });
    await done;
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2],
      'nothing is delivered while halted',
    );
    assert.equal(t.stream.getMores, 2, 'no read after the one in flight');
    t.stream.reply({ docs: [7] });
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      t.events.map((e) => e.token),
      [tok(1), tok(2), tok(3), pbrt('p1'), tok(5), pbrt('p2'), tok(7)],
    );
    await t.reader.close();
  });

  it('delivers held events at once on start, before the read in flight returns', async () => {
    const t = build({ haltAfter: 1 });
    t.stream.reply({ docs: [1, 2, 3] });
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1],
    );
    t.reader.start();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2, 3],
    );
    t.stream.reply({ docs: [4] });
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2, 3, 4],
    );
    await t.reader.close();
  });

  it('drops an empty batch that comes while events are held: their tokens must come first', async () => {
    const t = build({ haltAfter: 1 });
    t.stream.reply({ docs: [1, 2], pbrt: 'p1' });
    t.reader.start();
    await flush();
    t.stream.reply({ docs: [], pbrt: 'p2' });
    await t.reader.halt();
    assert.deepEqual(t.idles(), []);
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.token),
      [tok(1), pbrt('p1')],
    );
    await t.reader.close();
  });

  it('reports an empty batch while halted when nothing is held (the token may move)', async () => {
    const t = build({ haltAfter: 2 });
    t.stream.reply({ docs: [1, 2], pbrt: 'p1' });
    t.reader.start();
    await flush();
    t.stream.reply({ docs: [], pbrt: 'p2' });
    await t.reader.halt();
    assert.deepEqual(t.idles(), [pbrt('p2')]);
    await t.reader.close();
  });

  it('an error after buffered documents comes after all of them', async () => {
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
    assert.equal(t.stream.getMores, 2, 'no read after the error');
  });

  it('an error while halted with held events waits for them: start delivers the events, then the error', async () => {
    const t = build({ haltAfter: 1 });
    t.stream.reply({ docs: [1, 2, 3] });
    t.reader.start();
    await flush();
    t.stream.reply({ error: new Error('boom') });
    await t.reader.halt();
    assert.deepEqual(t.errors, []);
    t.reader.start();
    assert.deepEqual(
      t.log.filter((l) => !l.startsWith('getMore')),
      ['event 1', 'event 2', 'event 3', 'error'],
    );
    await flush();
    assert.equal(t.stream.getMores, 2, 'no read after the error');
  });

  it('an error while halted with nothing held is reported at once, as before', async () => {
    const t = build({ haltAfter: 2 });
    t.stream.reply({ docs: [1, 2] });
    t.reader.start();
    await flush();
    t.stream.reply({ error: new Error('boom') });
    await t.reader.halt();
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

  it('close mid-batch drops the rest, delivers nothing more and leaves no read unobserved', async () => {
    const t = build({ closeAfter: 2 });
    t.stream.reply({ docs: [1, 2, 3, 4] });
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1, 2],
    );
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

  it('close while halted with held events drops them', async () => {
    const t = build({ haltAfter: 1 });
    t.stream.reply({ docs: [1, 2, 3] });
    t.reader.start();
    await flush();
    await t.reader.close();
    t.reader.start();
    await flush();
    assert.deepEqual(
      t.events.map((e) => e.n),
      [1],
    );
  });

  it('a failed getMore in flight after close is not reported', async () => {
    const t = build();
    t.stream.reply({ docs: [1] });
    t.reader.start();
    await flush();
    assert.ok(t.stream.waiting);
    const closing = t.reader.close();
    await closing;
    assert.deepEqual(t.errors, []);
    assert.equal(t.ended(), 0);
  });

  it('reads without a buffer count (a stand-in without bufferedCount), one document a read', async () => {
    const docs = [1, 2, 3];
    const stream = {
      closed: false,
      resumeToken: null as unknown,
      async tryNext() {
        await Promise.resolve();
        const n = docs.shift();
        if (n === undefined) return new Promise<null>(() => undefined);
        this.resumeToken = tok(n);
        return { _id: tok(n), n };
      },
      async close() {
        this.closed = true;
      },
    };
    const got: unknown[] = [];
    const reader = new StreamReader(stream as unknown as Stream, undefined, {
      event: (doc, token) => got.push([doc.n, token]),
      idle: () => undefined,
      error: (e) => assert.fail(String(e)),
      ended: () => assert.fail('ended'),
    });
    reader.start();
    await flush();
    assert.deepEqual(got, [
      [1, tok(1)],
      [2, tok(2)],
      [3, tok(3)],
    ]);
    await stream.close();
  });
});
