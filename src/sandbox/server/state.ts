// Everything one sandbox instance holds: catalog, oplog, clock, cursors, failpoints, timers.
import { Binary, Long, type Timestamp } from 'bson';
import { Catalog } from '../storage/catalog';
import { Oplog, OplogEntry, type OplogFields } from '../changestream/oplog';
import { ClusterClock } from '../base/clock';
import { CursorTable } from './cursors';
import { FailPoints } from './failpoints';
import { UserTable } from './scram';
import { type Transaction, TransactionTable } from './transactions';
import type { Doc } from '../base/values';

const ZERO_HASH = new Binary(Buffer.alloc(20), 0);
const ZERO_KEY = Long.fromNumber(0);

/** What $currentOp shows of a client connection. */
export interface ClientActivity {
  id: number;
  appName?: string;
  remote: string;
  /** The command the connection is running. */
  running?: { name: string; ns: string; cmd: Doc };
}

export interface StateOptions {
  standalone: boolean;
  replSetName: string;
  oplogSize: number;
  log: (line: string) => void;
  /** Users clients may authenticate as; authentication is optional (no access control). */
  users?: UserTable;
  /** False when a snapshot is loaded next (its oplog already begins with the set's initiation). */
  initiate?: boolean;
}

export class SandboxState {
  /** The committed databases; `catalog` is what the running command sees (a transaction's view inside one). */
  readonly liveCatalog = new Catalog();
  /** The transaction the running command belongs to, set by dispatch around the handler. */
  txn: Transaction | undefined;
  readonly txns = new TransactionTable(this);
  readonly clock = new ClusterClock();
  readonly cursors = new CursorTable();
  readonly failpoints = new FailPoints();
  readonly oplog: Oplog;
  readonly users: UserTable;
  readonly startedAt = new Date();
  /** Pending timers (awaitData waits, blockConnection) so stop() can clear every one. */
  readonly timers = new Set<() => void>();
  host = '127.0.0.1:0';
  stopped = false;
  /** Completed in-process restarts (see restart.ts). */
  restarts = 0;
  connectionCount = 0;
  /** The open client connections, for $currentOp. */
  readonly clients = new Set<ClientActivity>();
  /** Set by setClusterParameter, read by getClusterParameter. */
  readonly clusterParameters: Doc = { changeStreamOptions: { preAndPostImages: { expireAfterSeconds: 'off' } } };
  /** Set when the current command wrote, so its reply's operationTime is the write's time. */
  wroteInCommand = false;

  constructor(readonly opts: StateOptions) {
    this.oplog = new Oplog(opts.oplogSize);
    this.users = opts.users ?? new UserTable();
    if (!opts.standalone && opts.initiate !== false) {
      // A replica set's oplog begins with its initiation: resuming from before it is 286, as on mongod.
      this.record({ op: 'noop', db: '', operationDescription: { msg: 'initiating set' } });
      this.wroteInCommand = false;
    }
  }

  get catalog(): Catalog {
    return this.txn?.catalog ?? this.liveCatalog;
  }

  /** Records a change in the oplog, or stages it in the running command's transaction until commit. */
  record(e: OplogFields): void {
    if (this.txn) {
      this.txn.stage(e);
      return;
    }
    this.clock.advance();
    this.wroteInCommand = true;
    this.oplog.append(new OplogEntry(this.clock.seconds, this.clock.increment, Date.now(), e));
  }

  /** Records entries that share one cluster time (a transaction's commit), in order. */
  recordAll(entries: OplogFields[]): void {
    this.clock.advance();
    this.wroteInCommand = true;
    const wall = Date.now();
    for (const e of entries) this.oplog.append(new OplogEntry(this.clock.seconds, this.clock.increment, wall, e));
  }

  /** The operationTime of the current command's last write, if it wrote. */
  get lastWrite(): Timestamp | undefined {
    return this.wroteInCommand ? this.clock.current() : undefined;
  }

  /** Schedules work that stop() can cancel. Returns a cancel function. */
  later(ms: number, fn: () => void): () => void {
    const cancel = (): void => {
      clearTimeout(timer);
      this.timers.delete(cancel);
    };
    const timer = setTimeout(() => {
      this.timers.delete(cancel);
      fn();
    }, ms);
    this.timers.add(cancel);
    return cancel;
  }

  clusterTimeDoc(): Doc {
    return { clusterTime: this.clock.current(), signature: { hash: ZERO_HASH, keyId: ZERO_KEY } };
  }
}
