// Routes one command document to its handler (from the table index.ts passes in, so this layer
// never imports the commands that import it), applies failpoints, shapes errors, and adds
// cluster-time gossip ($clusterTime, operationTime) to every reply.
import { CommandError, RETRYABLE_WRITE_CODES, errorReply } from '../base/errors';
import type { ClientActivity, SandboxState } from './state';
import type { Doc } from '../base/values';
import type { ScramConversation } from './scram';
import type { Transaction } from './transactions';

export interface ConnectionInfo extends ClientActivity {
  /** The SCRAM exchange in progress on this connection, if any. */
  sasl?: ScramConversation;
  /** 'db.user' names this connection proved; informational only (the sandbox enforces no access control). */
  authenticatedUsers?: string[];
}
export interface CommandContext {
  state: SandboxState;
  db: string;
  cmd: Doc;
  conn: ConnectionInfo;
  messageSize: number;
  name: string;
}
export type CommandHandler = (ctx: CommandContext) => Doc | Promise<Doc>;
export type CommandTable = Readonly<Record<string, CommandHandler>>;

export type Outcome = { reply: Doc } | { close: true };

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const TXN_ENDS = new Set(['commitTransaction', 'abortTransaction']);

export async function dispatch(
  commands: CommandTable,
  state: SandboxState,
  db: string,
  cmd: Doc,
  conn: ConnectionInfo,
  messageSize: number,
): Promise<Outcome> {
  const name = Object.keys(cmd)[0] ?? '';
  let reply: Doc;
  state.wroteInCommand = false;
  let txn: Transaction | undefined;
  const coll = cmd[name];
  conn.running = { name, ns: typeof coll === 'string' ? `${db}.${coll}` : `${db}.$cmd`, cmd };
  try {
    txn = state.txns.enter(name, cmd);
    const handler = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
    if (!handler) throw new CommandError(59, `no such command: '${name}'`);
    const action = name === 'configureFailPoint' ? undefined : state.failpoints.match(name, conn.appName);
    if (action?.blockMs) await new Promise<void>((r) => state.later(action.blockMs, r));
    if (action?.closeConnection) return { close: true };
    if (action?.errorCode !== undefined) {
      let labels = action.errorLabels;
      // mongod labels retryable codes on retryable writes and on commit/abort, never on a statement inside a transaction.
      const retryable =
        (WRITES.has(name) && cmd.txnNumber !== undefined && cmd.autocommit === undefined) || TXN_ENDS.has(name);
      if (!labels && retryable && RETRYABLE_WRITE_CODES.has(action.errorCode)) labels = ['RetryableWriteError'];
      throw new CommandError(action.errorCode, `Failing command via 'failCommand' failpoint`, labels);
    }
    // The transaction is the running command's only while the handler runs synchronously: the
    // commands allowed in one do all their reads and writes before their first await.
    state.txn = txn;
    let pending: Doc | Promise<Doc>;
    try {
      pending = handler({ state, db, cmd, conn, messageSize, name });
    } finally {
      state.txn = undefined;
    }
    reply = await pending;
    if (txn && Array.isArray(reply.writeErrors)) {
      state.txns.abort(txn); // as mongod: a failed statement ends the transaction
      // and a write conflict in one is the command's error, labelled so withTransaction retries.
      const conflict = (reply.writeErrors as Doc[]).find((w) => w.code === 112);
      if (conflict) throw new CommandError(112, String(conflict.errmsg), ['TransientTransactionError']);
    }
    if (action?.writeConcernError) {
      reply.writeConcernError = action.writeConcernError;
      if (action.errorLabels) reply.errorLabels = action.errorLabels;
    }
  } catch (e) {
    if (txn) state.txns.abort(txn);
    if (!(e instanceof CommandError)) state.opts.log(`command ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
    reply = errorReply(e);
  }
  conn.running = undefined;
  if (!state.opts.standalone) {
    reply.$clusterTime = state.clusterTimeDoc();
    if (reply.operationTime === undefined) reply.operationTime = state.lastWrite ?? state.clock.current();
  }
  return { reply };
}
