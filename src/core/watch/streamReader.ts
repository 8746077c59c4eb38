// The explicit read loop over one driver ChangeStream (iterator mode, tryNext). It can be halted
// without closing the cursor: a read that completes while halted is held, not lost, so pause/resume
// and option changes neither skip nor repeat events.
//
// Pipelined: once at most DRAIN_LIMIT documents of a batch are left in the driver's buffer, they are
// taken at once and the next read (a getMore) is started before they are handed to the sink, so the
// server prepares the next batch while these are logged. Earlier documents of a big batch are handed
// on one by one, as read. There is still one read at a time.
import type { Document } from 'mongodb';
import type { Stream } from './openStream';

export interface ReaderSink {
  /** One event, with the resume token that covers everything read up to and including it. */
  event(doc: Document, token: unknown): void;
  /** An empty batch: the token moved (postBatchResumeToken) without an event. */
  idle(token: unknown): void;
  /** The read failed; the driver already tried its one resume. */
  error(err: unknown): void;
  /** The server closed the cursor without an error. */
  ended(): void;
}

/** What the reader needs of a ChangeStream; bufferedCount is optional (stand-ins may lack it). */
type ReadableStream = Pick<Stream, 'tryNext' | 'close' | 'resumeToken' | 'closed'> & { bufferedCount?: () => number };

type End = { kind: 'error'; err: unknown } | { kind: 'ended' };

/**
 * How many buffered documents are taken ahead of the sink. A whole 16 MB batch (~5000 events with
 * images) held as objects doubled the GC time per event and halved the ingest rate (bench/ingest.ts,
 * 100000 events: ratio 0.47 vs 0.885 with 256); batches of up to this size overlap fully.
 */
const DRAIN_LIMIT = 256;
const ignore = (): void => undefined;
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class StreamReader {
  private running = false;
  private looping = false;
  private closed = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** Events read but not yet delivered, in order; `next` is the first undelivered one. */
  private held: { doc: Document; token: unknown }[] = [];
  private next = 0;
  /** The error or end that came after the held events, delivered once they are. */
  private end: End | undefined;

  constructor(
    readonly stream: Stream,
    private firstRead: Promise<Document | null> | undefined,
    private readonly sink: ReaderSink,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Starts (or continues) reading; events held during a halt are delivered first, in order. */
  start(): void {
    if (this.closed) return;
    this.running = true;
    // Safe while the loop is suspended on its read: that read's result comes after these.
    if (!this.deliver() || this.looping) return;
    this.loopDone = this.loop();
  }

  /** Stops reading after the read in flight; resolves when that read has settled. */
  halt(): Promise<void> {
    this.running = false;
    return this.loopDone;
  }

  /** Closes the cursor (killCursors); held events are dropped because the caller reopens from its token. */
  async close(): Promise<void> {
    if (this.closed) return this.loopDone;
    this.closed = true;
    this.running = false;
    this.held = [];
    this.next = 0;
    this.end = undefined;
    try {
      await this.stream.close();
    } catch {
      // Closing a cursor the server already forgot is fine.
    }
    await this.loopDone;
  }

  private get holding(): number {
    return this.held.length - this.next;
  }

  /**
   * Hands the held events to the sink while running, then a held error or end. False when it stopped
   * early (halted, closed or ended) — the caller must not read on.
   */
  private deliver(): boolean {
    while (this.next < this.held.length) {
      if (!this.running || this.closed) return false;
      const h = this.held[this.next];
      this.held[this.next++] = undefined as never; // let the delivered document go
      this.sink.event(h.doc, h.token);
    }
    this.held = [];
    this.next = 0;
    if (!this.running || this.closed) return false;
    const end = this.end;
    if (!end) return true;
    this.end = undefined;
    this.running = false;
    if (end.kind === 'error') this.sink.error(end.err);
    else this.sink.ended();
    return false;
  }

  /** The read failed or the cursor ended: reported after the events read before it, even if halted. */
  private finish(end: End): void {
    if (this.holding === 0) {
      // Nothing undelivered: report at once, as an unpipelined reader would, halted or not.
      this.running = false;
      if (end.kind === 'error') this.sink.error(end.err);
      else this.sink.ended();
      return;
    }
    this.end = end;
    this.deliver();
  }

  private async loop(): Promise<void> {
    this.looping = true;
    const stream = this.stream as unknown as ReadableStream;
    try {
      let read = this.firstRead ?? stream.tryNext();
      this.firstRead = undefined;
      while (!this.closed) {
        let doc: Document | null;
        try {
          doc = await read;
        } catch (err) {
          if (!this.closed) this.finish({ kind: 'error', err });
          return;
        }
        if (this.closed) return;
        if (doc === null) {
          if (stream.closed) {
            this.finish({ kind: 'ended' });
            return;
          }
          // With events still held their own tokens come first; a later read moves the token on.
          if (this.holding === 0) this.sink.idle(stream.resumeToken);
          if (this.closed) return;
        } else {
          this.held.push({ doc, token: stream.resumeToken });
          // Far from the end of a big batch: hand it on now and read the next buffered one (no I/O).
          if ((stream.bufferedCount?.() ?? 0) > DRAIN_LIMIT) {
            this.deliver();
            if (!this.running || this.closed) return;
            read = stream.tryNext();
            continue;
          }
          // The rest of the batch is in the driver's buffer: these reads do no I/O either. The driver keeps
          // the token per document (its _id, the batch's postBatchResumeToken after the last one).
          while (this.running && (stream.bufferedCount?.() ?? 0) > 0) {
            let more: Document | null;
            try {
              more = await stream.tryNext();
            } catch (err) {
              if (!this.closed) this.finish({ kind: 'error', err });
              return;
            }
            if (this.closed) return;
            if (more === null) break;
            this.held.push({ doc: more, token: stream.resumeToken });
          }
        }
        // Halted: no new read; start() delivers what is held and reads on.
        if (!this.running) return;
        read = stream.tryNext();
        // The sink may close us before this read is awaited: never leave its failure unobserved.
        read.catch(ignore);
        if (this.holding === 0) continue;
        // The driver writes the getMore a few promise turns later; delivering synchronously now would
        // hold it back until the whole batch is logged. One macrotask lets it reach the socket first.
        await yieldToIo();
        if (this.closed) return;
        this.deliver();
        // Halted during delivery: the read in flight settles into `held` on the next turn.
      }
    } finally {
      this.looping = false;
    }
  }
}
