// The change-stream side of aggregate/getMore: open a stream at collection, database or cluster
// scope, and serve awaitData getMores that answer as soon as an event exists.
import { Long } from 'bson';
import type { CommandContext } from '../server/dispatch';
import { CommandError, RESUMABLE_CHANGE_STREAM_CODES } from '../base/errors';
import type { StreamCursor } from '../server/cursors';
import { type Doc, isPlainObject, num } from '../base/values';
import { ChangeStream } from '../changestream/changestream';
import type { StreamScope } from '../changestream/events';

const ZERO = Long.fromNumber(0);

export function openChangeStream({ state, db, cmd }: CommandContext, pipeline: Doc[], batchSize?: number): Doc {
  if (state.opts.standalone) throw new CommandError(40573, 'The $changeStream stage is only supported on replica sets');
  const spec = pipeline[0].$changeStream;
  if (!isPlainObject(spec)) throw new CommandError(50808, '$changeStream stage expects a document as argument');
  let scope: StreamScope;
  if (spec.allChangesForCluster === true) {
    if (db !== 'admin' || (cmd.aggregate !== 1 && num(cmd.aggregate, NaN) !== 1))
      throw new CommandError(
        73,
        "$changeStream may only be opened on the 'admin' database with {aggregate: 1} when allChangesForCluster is true",
      );
    scope = { cluster: true };
  } else if (typeof cmd.aggregate === 'string') {
    scope = { cluster: false, db, coll: cmd.aggregate };
  } else {
    if (db === 'admin' || db === 'config' || db === 'local')
      throw new CommandError(73, `$changeStream may not be opened on the internal ${db} database`);
    scope = { cluster: false, db };
  }
  const stream = new ChangeStream(spec, pipeline.slice(1), scope, state.oplog, state.catalog, state.clock);
  const ns = scope.coll !== undefined ? `${db}.${scope.coll}` : `${db}.$cmd.aggregate`;
  const batch = stream.read(batchSize === 0 ? undefined : batchSize);
  let id = ZERO;
  if (!batch.closed) {
    id = state.cursors.newId();
    state.cursors.add({ kind: 'stream', id, ns, stream, busy: false });
  }
  return {
    cursor: { firstBatch: batch.events, postBatchResumeToken: batch.postBatchResumeToken, id, ns },
    operationTime: stream.operationTime,
    ok: 1,
  };
}

/** Resolves on the next oplog append or after `ms`, whichever comes first. */
function nextAppend(state: CommandContext['state'], ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer: { cancel?: () => void } = {};
    const cancelWait = state.oplog.wait(() => {
      timer.cancel?.();
      resolve();
    });
    timer.cancel = state.later(ms, () => {
      cancelWait();
      resolve();
    });
  });
}

export async function readStreamBatch(
  { state, cmd }: CommandContext,
  c: StreamCursor,
  batchSize?: number,
): Promise<Doc> {
  const wait = cmd.maxTimeMS !== undefined ? num(cmd.maxTimeMS) : 1000;
  try {
    const injected = state.failpoints.getMoreFailure();
    if (injected !== undefined)
      throw new CommandError(injected, "Failing getMore via 'failGetMoreAfterCursorCheckout'");
    const deadline = Date.now() + wait;
    let batch = c.stream.read(batchSize && batchSize > 0 ? batchSize : undefined);
    // awaitData: answer as soon as an event passes the stream's filter, else when maxTimeMS ends.
    while (batch.events.length === 0 && !batch.closed && !state.stopped && Date.now() < deadline) {
      await nextAppend(state, deadline - Date.now());
      if (!state.cursors.get(c.id)) throw new CommandError(43, `cursor id ${c.id.toString()} not found`);
      batch = c.stream.read(batchSize && batchSize > 0 ? batchSize : undefined);
    }
    if (batch.closed) state.cursors.remove(c.id);
    return {
      cursor: {
        nextBatch: batch.events,
        postBatchResumeToken: batch.postBatchResumeToken,
        id: batch.closed ? ZERO : c.id,
        ns: c.ns,
      },
      ok: 1,
    };
  } catch (e) {
    state.cursors.remove(c.id);
    if (e instanceof CommandError && !e.errorLabels && RESUMABLE_CHANGE_STREAM_CODES.has(e.code)) {
      throw new CommandError(e.code, e.message, ['ResumableChangeStreamError']);
    }
    throw e;
  }
}
