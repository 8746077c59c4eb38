// Opens one driver ChangeStream for a watch: maps the target to client/db/collection.watch and our
// options to the driver's, and waits until the server accepted the aggregate (the driver opens lazily).
import type { ChangeStream, ChangeStreamOptions, Document, MongoClient } from 'mongodb';
import { EVENT_DECODING } from './eventBytes';
import type { WatchOptions, WatchTarget } from './model';
import type { StartPosition } from './positions';

/** Where a (re)opened stream begins: now, after a token, or after an invalidate token. */
export type StreamPosition =
  { resumeAfter: unknown } | { startAfter: unknown } | { startAtOperationTime: unknown } | Record<string, never>;

export type Stream = ChangeStream<Document, Document>;

export function driverOptions(options: WatchOptions, position: StreamPosition): ChangeStreamOptions {
  const o: ChangeStreamOptions = {};
  if (options.fullDocument !== 'default') o.fullDocument = options.fullDocument;
  if (options.fullDocumentBeforeChange !== 'off') o.fullDocumentBeforeChange = options.fullDocumentBeforeChange;
  if (options.showExpandedEvents) o.showExpandedEvents = true;
  if (options.batchSize !== undefined) o.batchSize = options.batchSize;
  if (options.maxAwaitTimeMS !== undefined) o.maxAwaitTimeMS = options.maxAwaitTimeMS;
  if ('resumeAfter' in position) o.resumeAfter = position.resumeAfter;
  if ('startAfter' in position) o.startAfter = position.startAfter;
  if ('startAtOperationTime' in position) o.startAtOperationTime = position.startAtOperationTime as never;
  return o;
}

export function createStream(
  client: MongoClient,
  target: WatchTarget,
  options: WatchOptions,
  position: StreamPosition,
): Stream {
  const pipeline = driverPipeline(options.pipeline);
  const o = { ...driverOptions(options, position), ...EVENT_DECODING };
  switch (target.scope) {
    case 'deployment':
      return client.watch(pipeline, o);
    case 'database':
      return client.db(required(target.db, 'database')).watch(pipeline, o);
    case 'collection':
      return client
        .db(required(target.db, 'database'))
        .collection(required(target.coll, 'collection'))
        .watch(pipeline, o);
    default:
      throw new Error(`Unknown watch scope: ${String((target as { scope?: unknown }).scope)}`);
  }
}

/**
 * The pipeline as driver values. Options carry it as canonical EJSON (it crosses the webview bridge and
 * workspace storage as plain JSON); serialize first so stages that already hold BSON values pass too.
 */
export function driverPipeline(pipeline: readonly unknown[] | undefined): Document[] {
  if (!pipeline?.length) return [];
  const { EJSON } = require('bson') as typeof import('bson');
  return EJSON.deserialize(EJSON.serialize(pipeline, { relaxed: false }) as Document, { relaxed: false }) as Document[];
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`This watch names no ${what}; pick one from the connection tree.`);
  return value;
}

/**
 * Creates the stream and runs its first read, resolving as soon as the server accepted the aggregate:
 * either the first read returned, or the empty first batch moved the resume token. The first read's
 * promise is handed back so the reader consumes it (two concurrent reads would confuse the cursor).
 * A refused open closes the stream before rejecting, so no cursor is left behind.
 */
export async function openStream(
  client: MongoClient,
  target: WatchTarget,
  options: WatchOptions,
  position: StreamPosition,
): Promise<{ stream: Stream; firstRead: Promise<Document | null> }> {
  const stream = createStream(client, target, options, position);
  const firstRead = stream.tryNext();
  let onToken: (() => void) | undefined;
  const accepted = new Promise<void>((resolve) => {
    onToken = () => resolve();
    stream.once('resumeTokenChanged', onToken);
  });
  try {
    await Promise.race([firstRead, accepted]);
  } catch (err) {
    await stream.close().catch(() => undefined);
    throw err;
  } finally {
    if (onToken) stream.off('resumeTokenChanged', onToken);
  }
  // A later failure of the first read is the reader's to handle; never leave it unobserved meanwhile.
  firstRead.catch(() => undefined);
  return { stream, firstRead };
}

/**
 * Maps a start position to the driver's options. `oldest` reads the first entry of the oplog, the
 * earliest time a stream can start at (the driver is already loaded when this runs).
 */
export async function streamPosition(client: MongoClient, p: StartPosition): Promise<StreamPosition> {
  switch (p.kind) {
    case 'now':
      return {};
    case 'resumeAfter':
      return { resumeAfter: p.token };
    case 'startAfter':
      return { startAfter: p.token };
    case 'atTime': {
      const { Timestamp } = require('bson') as typeof import('bson');
      return { startAtOperationTime: new Timestamp({ t: p.seconds, i: p.increment ?? 0 }) };
    }
    case 'oldest': {
      const first = await client
        .db('local')
        .collection('oplog.rs')
        .find({}, { sort: { $natural: 1 }, limit: 1, projection: { ts: 1 } })
        .next();
      if (!first?.ts) throw new Error('The server holds no oplog to start from.');
      return { startAtOperationTime: first.ts };
    }
  }
}
