// Single-node multi-document transactions as drivers run them (startTransaction / autocommit:false /
// commitTransaction / abortTransaction). A transaction reads and writes private forks of the
// collections it touches, taken at its snapshot; its writes reach the live collections and the
// oplog only at commit, as consecutive entries sharing one cluster time. First writer wins: a
// write to a document another open transaction wrote, or that changed after the snapshot, is 112.
import { Long } from 'bson';
import { CommandError } from '../base/errors';
import { type Doc, isPlainObject } from '../base/values';
import { Catalog } from '../storage/catalog';
import type { Collection } from '../storage/collection';
import type { OplogFields } from '../changestream/oplog';
import { MAX_TXN_OPS } from '../changestream/token';

const TRANSIENT = ['TransientTransactionError'];

/** Commands mongod runs inside a transaction; anything else there is 263. */
const ALLOWED = new Set([
  'find',
  'getMore',
  'killCursors',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'aggregate',
  'count',
  'distinct',
  'commitTransaction',
  'abortTransaction',
]);

type TxnState = 'inProgress' | 'committed' | 'aborted';

/** What the transaction table needs from the server state to commit. */
export interface CommitSink {
  readonly liveCatalog: Catalog;
  /** Appends the entries at one new cluster time, in order. */
  recordAll(entries: OplogFields[]): void;
}

export class Transaction {
  state: TxnState = 'inProgress';
  /** Live collection -> this transaction's fork of it (its snapshot plus its own writes). */
  readonly forks = new Map<Collection, Collection>();
  /** Collections the transaction created: `db.name` -> fork with no live original yet. */
  readonly created = new Map<string, Collection>();
  /** Keys the transaction wrote, per fork. */
  readonly written = new Map<Collection, Set<string>>();
  /** Keys of live collections changed by others after the snapshot: writing them is a conflict. */
  readonly dirty = new Map<Collection, Set<string>>();
  readonly staged: OplogFields[] = [];
  readonly catalog: TxnCatalog;

  constructor(
    readonly lsid: Doc,
    readonly sessionKey: string,
    readonly txnNumber: Long,
    private readonly table: TransactionTable,
    live: Catalog,
  ) {
    this.catalog = new TxnCatalog(this, live);
  }

  /** The fork of a live collection, taken now if the transaction has not read it yet. */
  forkOf(live: Collection): Collection {
    let f = this.forks.get(live);
    if (!f) {
      f = live.fork();
      this.watch(f, live);
      this.forks.set(live, f);
    }
    return f;
  }

  watch(fork: Collection, live: Collection | undefined): void {
    fork.beforeChange = (_c, key) => this.table.beforeTxnWrite(this, fork, live, key);
  }

  stage(fields: OplogFields): void {
    if (fields.op === 'create') return; // recorded at commit, when the live collection is made
    if (this.staged.length >= MAX_TXN_OPS)
      throw new CommandError(10334, `A transaction in the sandbox may hold at most ${MAX_TXN_OPS} operations`);
    this.staged.push(fields);
  }
}

/** The catalog a command inside a transaction sees: forks of live collections, and its own new ones. */
class TxnCatalog extends Catalog {
  constructor(
    private readonly txn: Transaction,
    private readonly live: Catalog,
  ) {
    super();
  }

  override get(db: string, name: string): Collection | undefined {
    const created = this.txn.created.get(`${db}.${name}`);
    if (created) return created;
    const live = this.live.get(db, name);
    return live ? this.txn.forkOf(live) : undefined;
  }

  override collections(db: string): Collection[] {
    const out = this.live.collections(db).map((c) => this.txn.forkOf(c));
    for (const c of this.txn.created.values()) if (c.db === db) out.push(c);
    return out;
  }

  override ensure(db: string, name: string, options: Doc = {}): { coll: Collection; created: boolean } {
    const found = this.get(db, name);
    if (found) return { coll: found, created: false };
    const { coll } = new Catalog().ensure(db, name, options);
    this.txn.watch(coll, undefined);
    this.txn.created.set(`${db}.${name}`, coll);
    return { coll, created: true };
  }
}

function sessionKey(lsid: unknown): string {
  const id = isPlainObject(lsid) ? lsid.id : undefined;
  if (!id || typeof (id as { toString(enc: string): string }).toString !== 'function')
    throw new CommandError(2, 'A transaction needs an lsid with an id: start it from a client session');
  return (id as { toString(enc: string): string }).toString('hex');
}

function txnNumberOf(cmd: Doc): Long {
  const n = cmd.txnNumber;
  if (n instanceof Long) return n;
  if (typeof n === 'number' && Number.isInteger(n)) return Long.fromNumber(n);
  throw new CommandError(2, "'txnNumber' must be a 64-bit integer in a transaction");
}

const noSuchTransaction = (n: Long, why: string): CommandError =>
  new CommandError(251, `Transaction with { txnNumber: ${n.toString()} } ${why}`, TRANSIENT);

export class TransactionTable {
  /** The newest transaction of each session (by lsid.id hex). */
  private readonly sessions = new Map<string, Transaction>();
  private readonly open = new Set<Transaction>();

  constructor(private readonly sink: CommitSink) {
    sink.liveCatalog.beforeChange = (coll, key) => this.beforeLiveChange(coll, key);
  }

  /**
   * The transaction a command runs in, or undefined for an ordinary command. Starts one on
   * `startTransaction: true`; refuses commands that name a transaction that is not in progress.
   */
  enter(name: string, cmd: Doc): Transaction | undefined {
    if (cmd.autocommit === undefined) return undefined;
    if (cmd.autocommit !== false)
      throw new CommandError(50768, "'autocommit' may only be false: it marks a command as part of a transaction");
    if (!ALLOWED.has(name))
      throw new CommandError(263, `Cannot run '${name}' in a multi-document transaction.`, TRANSIENT);
    const key = sessionKey(cmd.lsid);
    const n = txnNumberOf(cmd);
    const current = this.sessions.get(key);
    if (cmd.startTransaction === true) {
      if (current && n.lessThan(current.txnNumber))
        throw new CommandError(
          225,
          `Cannot start transaction ${n.toString()} on session because a newer transaction ${current.txnNumber.toString()} has already started`,
        );
      if (current && n.equals(current.txnNumber))
        throw new CommandError(251, `Transaction ${n.toString()} has already been started on this session`);
      if (current?.state === 'inProgress') this.abort(current);
      const txn = new Transaction(cmd.lsid as Doc, key, n, this, this.sink.liveCatalog);
      this.sessions.set(key, txn);
      this.open.add(txn);
      return txn;
    }
    if (name === 'commitTransaction' || name === 'abortTransaction') return undefined;
    if (!current || !n.equals(current.txnNumber))
      throw noSuchTransaction(n, 'does not match any in-progress transaction');
    if (current.state !== 'inProgress') throw noSuchTransaction(n, `has been ${current.state}`);
    return current;
  }

  /** commitTransaction: idempotent for a committed transaction (drivers retry it). */
  commit(cmd: Doc): void {
    const txn = this.named(cmd);
    if (txn.state === 'committed') return;
    if (txn.state === 'aborted') throw noSuchTransaction(txn.txnNumber, 'has been aborted');
    this.open.delete(txn);
    txn.state = 'committed';
    const live = this.sink.liveCatalog;
    const creates: OplogFields[] = [];
    for (const fork of txn.created.values()) {
      const { coll } = live.ensure(fork.db, fork.name, fork.options);
      creates.push({
        op: 'create',
        db: coll.db,
        coll: coll.name,
        uuid: coll.uuid,
        operationDescription: { idIndex: { v: 2, key: { _id: 1 }, name: '_id_' }, ...fork.options },
      });
      for (const e of txn.staged) if (e.uuid === fork.uuid) e.uuid = coll.uuid;
      for (const def of fork.indexes.slice(1)) coll.addIndex(def);
    }
    if (creates.length) this.sink.recordAll(creates);
    for (const [fork, keys] of txn.written) {
      const target = live.get(fork.db, fork.name) ?? live.ensure(fork.db, fork.name).coll;
      for (const key of keys) {
        const next = fork.get(key);
        if (next === undefined) target.remove(key);
        else if (target.has(key)) target.replace(key, next);
        else target.insert(next);
      }
    }
    if (txn.staged.length)
      this.sink.recordAll(
        txn.staged.map((e, opIndex) => ({ ...e, txn: { lsid: txn.lsid, txnNumber: txn.txnNumber, opIndex } })),
      );
  }

  /** abortTransaction: 251 when the transaction is not in progress (drivers ignore that). */
  abortNamed(cmd: Doc): void {
    const txn = this.named(cmd);
    if (txn.state !== 'inProgress') throw noSuchTransaction(txn.txnNumber, `has been ${txn.state}`);
    this.abort(txn);
  }

  /** Aborts a transaction whose statement failed (mongod aborts on any error inside one). */
  abort(txn: Transaction): void {
    if (txn.state !== 'inProgress') return;
    txn.state = 'aborted';
    this.open.delete(txn);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** A restart aborts every transaction in progress, as mongod's restart does unprepared ones. */
  abortAll(): void {
    for (const txn of [...this.open]) this.abort(txn);
  }

  private named(cmd: Doc): Transaction {
    const n = txnNumberOf(cmd);
    const txn = this.sessions.get(sessionKey(cmd.lsid));
    if (!txn || !n.equals(txn.txnNumber)) throw noSuchTransaction(n, 'does not match any in-progress transaction');
    return txn;
  }

  /** A committed change to a live document: open transactions keep their snapshot and note the key. */
  private beforeLiveChange(live: Collection, key: string): void {
    if (this.open.size === 0) return;
    for (const txn of this.open) {
      if (txn.forks.get(live) && txn.written.get(txn.forks.get(live)!)?.has(key))
        throw new CommandError(
          112,
          'Write conflict: the document is being written by an open transaction; retry after it commits or aborts',
        );
    }
    for (const txn of this.open) {
      txn.forkOf(live);
      let d = txn.dirty.get(live);
      if (!d) txn.dirty.set(live, (d = new Set()));
      d.add(key);
    }
  }

  /** A transaction writes its fork: refused when another transaction or a later commit got there first. */
  beforeTxnWrite(txn: Transaction, fork: Collection, live: Collection | undefined, key: string): void {
    if (live) {
      const conflict =
        txn.dirty.get(live)?.has(key) ||
        [...this.open].some((o) => o !== txn && o.forks.has(live) && o.written.get(o.forks.get(live)!)?.has(key));
      if (conflict) {
        this.abort(txn);
        throw new CommandError(
          112,
          'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
          TRANSIENT,
        );
      }
    }
    let w = txn.written.get(fork);
    if (!w) txn.written.set(fork, (w = new Set()));
    w.add(key);
  }
}
