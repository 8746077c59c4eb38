// The explicit read loop over one driver ChangeStream (iterator mode, tryNext). It can be halted
// without closing the cursor: a read that completes while halted is held, not lost, so pause/resume
// and option changes neither skip nor repeat events.
import type { Document } from 'mongodb';
import { eventBytes } from './eventBytes';
import type { Stream } from './openStream';

export interface ReaderSink {
  /**
   * One event, with the resume token that covers everything read up to and including it, and the
   * server's BSON of it when the driver's buffer gives it (see eventBytes).
   */
  event(doc: Document, token: unknown, bytes: Uint8Array | undefined): void;
  /** An empty batch: the token moved (postBatchResumeToken) without an event. */
  idle(token: unknown): void;
  /** The read failed; the driver already tried its one resume. */
  error(err: unknown): void;
  /** The server closed the cursor without an error. */
  ended(): void;
}

export class StreamReader {
  private running = false;
  private looping = false;
  private closed = false;
  private loopDone: Promise<void> = Promise.resolve();
  private held: { doc: Document; token: unknown; bytes: Uint8Array | undefined }[] = [];

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
    if (this.looping) return;
    const held = this.held;
    this.held = [];
    for (const h of held) {
      if (this.closed) return;
      this.sink.event(h.doc, h.token, h.bytes);
    }
    if (this.closed || !this.running) return;
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
    try {
      await this.stream.close();
    } catch {
      // Closing a cursor the server already forgot is fine.
    }
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      while (this.running && !this.closed) {
        const read = this.firstRead ?? this.stream.tryNext();
        this.firstRead = undefined;
        let doc: Document | null;
        try {
          doc = await read;
        } catch (err) {
          if (this.closed) return;
          this.running = false;
          this.sink.error(err);
          return;
        }
        if (this.closed) return;
        const token = this.stream.resumeToken;
        if (doc === null) {
          if (this.stream.closed) {
            this.running = false;
            this.sink.ended();
            return;
          }
          this.sink.idle(token);
          continue;
        }
        const bytes = eventBytes(this.stream, doc);
        if (!this.running) {
          this.held.push({ doc, token, bytes });
          return;
        }
        this.sink.event(doc, token, bytes);
      }
    } finally {
      this.looping = false;
    }
  }
}
