// The cluster clock: strictly increasing Timestamps (seconds, increment), one per write and one
// whenever a change stream opens, so startAtOperationTime never replays earlier events.
import { Timestamp } from 'bson';

/** The latest time any clock in this process handed out: a new server's clock continues after it. */
const processHigh = { t: 0, i: 0 };

export class ClusterClock {
  // Starting after every earlier sandbox of this process keeps a restarted server's history (and its
  // initiation entry) strictly later than any token the previous one gave out, even in the same second.
  private t = processHigh.t;
  private i = processHigh.i;

  tick(): Timestamp {
    this.advance();
    return new Timestamp({ t: this.t, i: this.i });
  }

  /** Moves to the next cluster time without allocating; read it from `seconds`/`increment`. */
  advance(): void {
    const now = Math.floor(Date.now() / 1000);
    if (now > this.t) {
      this.t = now;
      this.i = 1;
    } else {
      this.i++;
    }
    if (this.t > processHigh.t || (this.t === processHigh.t && this.i > processHigh.i)) {
      processHigh.t = this.t;
      processHigh.i = this.i;
    }
  }

  /** Continues after a restored server's last cluster time (a snapshot), never going back. */
  continueAfter(t: number, i: number): void {
    if (compareTs(t, i, this.t, this.i) <= 0) return;
    this.t = t;
    this.i = i;
    if (compareTs(t, i, processHigh.t, processHigh.i) > 0) {
      processHigh.t = t;
      processHigh.i = i;
    }
  }

  get seconds(): number {
    return this.t;
  }
  get increment(): number {
    return this.i;
  }

  current(): Timestamp {
    if (this.t === 0) return this.tick();
    return new Timestamp({ t: this.t, i: this.i });
  }
}

export function tsParts(ts: Timestamp): [number, number] {
  return [ts.high >>> 0, ts.low >>> 0];
}

export function compareTs(t1: number, i1: number, t2: number, i2: number): number {
  return t1 !== t2 ? t1 - t2 : i1 - i2;
}
