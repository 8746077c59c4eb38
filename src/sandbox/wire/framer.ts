// Splits a TCP byte stream into whole wire messages; a bad length is a framing error that closes
// only the socket it came from.
import { MAX_MESSAGE_BYTES } from './messages';

export class FrameError extends Error {}

export class Framer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Feed bytes; returns every complete message now available. Throws FrameError on a bad header. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Buffer[] = [];
    while (this.buffered >= 4) {
      let head = this.chunks[0];
      if (head.length < 4) {
        head = this.flatten();
      }
      const len = head.readInt32LE(0);
      if (len < 16 || len > MAX_MESSAGE_BYTES) throw new FrameError(`message length ${len} out of range`);
      if (this.buffered < len) break;
      const all = this.chunks.length === 1 ? head : this.flatten();
      out.push(all.subarray(0, len));
      const rest = all.subarray(len);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
    }
    return out;
  }

  private flatten(): Buffer {
    const all = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }
}
