// Reading change streams in tests: open-before-write, take exactly N events with a deadline, and
// decode the cluster time a resume token starts with.
import { Timestamp, type ChangeStream, type Document } from 'mongodb';

export type Stream = ChangeStream<Document, Document>;

/** Runs the opening aggregate (the driver opens lazily) so later writes are seen; no event may exist yet. */
export async function opened(stream: Stream): Promise<Stream> {
  const early = await stream.tryNext();
  if (early !== null) throw new Error(`stream delivered an event before any write: ${early.operationType}`);
  return stream;
}

/** The next `count` events, or an error naming how many arrived before `timeoutMs`. */
export async function nextEvents(stream: Stream, count: number, timeoutMs = 8000): Promise<Document[]> {
  const events: Document[] = [];
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    if (Date.now() > deadline) {
      const kinds = events.map((e) => e.operationType).join(',');
      throw new Error(`expected ${count} events within ${timeoutMs} ms, got ${events.length} [${kinds}]`);
    }
    const event = await stream.tryNext();
    if (event !== null) events.push(event);
  }
  return events;
}

/** Polls the stream for `ms` and returns whatever arrived (for "no event" checks). */
export async function eventsWithin(stream: Stream, ms: number): Promise<Document[]> {
  const events: Document[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const event = await stream.tryNext();
    if (event !== null) events.push(event);
  }
  return events;
}

/** Resume tokens are KeyString hex: 0x82 (Timestamp type) then seconds and increment, 4 bytes each, big-endian. */
export function tokenTime(token: unknown): Timestamp {
  const data = (token as { _data?: unknown })?._data;
  if (typeof data !== 'string' || !/^82[0-9a-fA-F]{16}/.test(data)) {
    throw new Error(`not a hex resume token starting with 82: ${JSON.stringify(token)}`);
  }
  const t = parseInt(data.slice(2, 10), 16);
  const i = parseInt(data.slice(10, 18), 16);
  return new Timestamp({ t, i });
}

/** Numeric segments index arrays, as in `updatedFields` keys such as `tags.2`. */
function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === undefined || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

function unsetPath(doc: Document, path: string): void {
  const parts = path.split('.');
  let node: Document | undefined = doc;
  for (const part of parts.slice(0, -1)) node = node?.[part];
  if (node) delete node[parts[parts.length - 1]];
}

function getPath(doc: Document, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Document | undefined)?.[part], doc);
}

/**
 * Applies an update event's description to the pre-image. MongoDB may describe the same change in
 * several valid forms (whole array or `arr.N` entries), so tests compare the result, not the form.
 */
export function applyUpdateDescription(before: Document, description: Document): Document {
  const doc = structuredClone(before);
  for (const field of description.removedFields ?? []) unsetPath(doc, field);
  for (const { field, newSize } of description.truncatedArrays ?? []) {
    const arr = getPath(doc, field);
    if (Array.isArray(arr)) arr.length = Number(newSize);
  }
  for (const [field, value] of Object.entries(description.updatedFields ?? {})) setPath(doc, field, value);
  return doc;
}
