// The bookmarks of this workspace as the glue uses them: made from a watch's event or position, shown
// per panel target, exported and imported, checked against the oplog window. No 'vscode' import: the
// dialogs come in through BookmarkUi, so plain-node tests drive it with a memory store and a real log.
// The bookmarks room is required from its lazy chunk on first use (it loads bson and the driver).
import type { MongoClient } from 'mongodb';
import type { Logger } from '../../core/logger';
import type { Watch } from '../../core/watch/watch';
import type { WatchOptions, WatchTarget } from '../../core/watch/model';
import type { BookmarkView } from '../../shared/protocol';
import type {
  Bookmark,
  BookmarkScope,
  BookmarkStore,
  ImportResult,
  KeyValueStorage,
  OplogWindowResult,
  Staleness,
} from '../../core/bookmarks';

type Chunk = typeof import('../chunks/bookmarksChunk');
let chunk: Chunk | undefined;
/** The bookmarks room, loaded once. */
export const bookmarksRoom = (): Chunk => (chunk ??= require('../chunks/bookmarksChunk') as Chunk);

/** What the service may ask the person (input boxes in VS Code, scripted answers in tests). */
export interface BookmarkUi {
  /** A label for a new bookmark, prefilled; undefined when dismissed. */
  askLabel(prefill: string, prompt: string): Promise<string | undefined>;
}

export interface ConnectionRef {
  id: string;
  name: string;
}

export interface BookmarkServiceDeps {
  storage: KeyValueStorage;
  storageKey: string;
  /** The driver client of a connection (connects on first use). */
  client(connectionId: string): Promise<MongoClient>;
  /** The saved connections (and the Sandbox), to name targets and rebind imported bookmarks. */
  connections(): ConnectionRef[];
  ui: BookmarkUi;
  logger: Logger;
  newId(): string;
  now?: () => Date;
}

const WINDOW_TTL_MS = 30_000;

export type AddResult = { bookmark: Bookmark; message?: undefined } | { bookmark: null; message: string };

export class BookmarkService {
  private storeInstance: BookmarkStore | undefined;
  private readonly windows = new Map<string, { at: number; result: Promise<OplogWindowResult> }>();
  private readonly listeners = new Set<() => void>();
  private readonly now: () => Date;

  constructor(private readonly deps: BookmarkServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get store(): BookmarkStore {
    if (!this.storeInstance) {
      this.storeInstance = new (bookmarksRoom().BookmarkStore)(this.deps.storage, this.deps.storageKey);
      this.storeInstance.onDidChange(() => {
        for (const l of [...this.listeners]) l();
      });
    }
    return this.storeInstance;
  }

  /** Called after every change of the bookmarks (tree and panels refresh). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  list(): Bookmark[] {
    return this.store.list();
  }

  get(id: string): Bookmark | undefined {
    return this.store.get(id);
  }

  /** Bookmarks event `seq` of the watch; asks for a label unless one is given. */
  async addForEvent(watch: Watch, seq: number, label?: string, note?: string): Promise<AddResult> {
    const logged = watch.log.get(seq);
    if (!logged)
      return { bookmark: null, message: `Event #${seq} is no longer in the list (it was evicted or cleared).` };
    const room = bookmarksRoom();
    const { EJSON } = require('bson') as typeof import('bson');
    const event = EJSON.parse(logged.ejson, { relaxed: false }) as Record<string, unknown>;
    let made: Bookmark;
    try {
      made = room.bookmarkFromEvent(event, this.context(watch, label, note));
    } catch (err) {
      return { bookmark: null, message: `Event #${seq} cannot be bookmarked: ${(err as Error).message}` };
    }
    return this.save(made, label === undefined, `Bookmark event #${seq} (${logged.summary.op}) as`);
  }

  /** Bookmarks where the watch stands now (its last token: the last event, or the server's batch token). */
  async addForPosition(watch: Watch, label?: string, note?: string): Promise<AddResult> {
    const token = watch.lastToken;
    if (token === undefined || token === null) {
      return {
        bookmark: null,
        message: `${watch.title} has no position yet: start the watch and wait until it is open, then bookmark it.`,
      };
    }
    const room = bookmarksRoom();
    const at = room.decodeResumeToken(token).date ?? this.now();
    const made = room.bookmarkFromPosition(token, this.context(watch, label ?? `Position ${localTime(at)}`, note));
    return this.save(made, label === undefined, `Bookmark the current position of ${watch.title} as`);
  }

  /** The bookmarks of a watch's target as its panel shows them (seq where the event is still in its log). */
  viewsFor(watch: Watch): BookmarkView[] {
    const room = bookmarksRoom();
    const current = room.pipelineText(watch.options.pipeline ?? []);
    const mine = this.list()
      .filter((b) => b.connectionId === watch.target.connectionId && sameScope(b.scope, scopeOf(watch.target)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (mine.length === 0) return [];
    const seqByToken = new Map<string, number>();
    // tokenAt reads only each event's `_id` from its BSON (a whole event is decoded for e.token's first read).
    for (let seq = watch.log.firstSeq; seq <= watch.log.lastSeq; seq++) {
      const token = watch.log.tokenAt(seq);
      if (token) seqByToken.set(tokenData(token), seq);
    }
    return mine.map((b) => {
      const view: BookmarkView = {
        id: b.id,
        label: b.label,
        fromInvalidate: b.fromInvalidate,
        follow: b.follow === true,
        pipelineDiffers: room.pipelineText(b.pipeline) !== current,
      };
      if (b.note !== undefined) view.note = b.note;
      if (b.wallTime !== undefined) view.time = b.wallTime;
      if (b.clusterTime) view.clusterTime = { ...b.clusterTime };
      if (b.operationType !== undefined) view.operationType = b.operationType;
      if (b.documentKey !== undefined) view.documentKey = b.documentKey;
      const seq = b.follow ? undefined : seqByToken.get(b.token._data.toUpperCase());
      if (seq !== undefined) view.seq = seq;
      return view;
    });
  }

  /** The export file's text (follow-mode bookmarks go out as plain ones). */
  exportText(ids?: readonly string[]): { text: string; count: number } {
    const chosen = this.list().filter((b) => !ids || ids.includes(b.id));
    const plain = chosen.map(({ follow: _f, ...b }) => (void _f, b));
    return { text: bookmarksRoom().exportBookmarks(plain, this.now()), count: plain.length };
  }

  /**
   * Reads an export file, keeps the good entries and reports the bad ones. Entries of a connection id
   * unknown here but named like a local connection are rebound to it (a teammate's file).
   */
  async importText(text: string): Promise<ImportResult & { added?: number; skipped?: number; rebound?: number }> {
    const result = bookmarksRoom().importBookmarks(text);
    if (!result.ok) return result;
    const local = this.deps.connections();
    const ids = new Set(local.map((c) => c.id));
    let rebound = 0;
    const bookmarks = result.bookmarks.map(({ follow: _f, ...b }) => {
      void _f;
      if (ids.has(b.connectionId) || b.connectionName === undefined) return b;
      const same = local.filter((c) => c.name === b.connectionName);
      if (same.length !== 1) return b;
      rebound++;
      return { ...b, connectionId: same[0].id };
    });
    const { added, skipped } = await this.store.addAll(bookmarks);
    return { ...result, bookmarks, added, skipped, rebound };
  }

  /** Whether a bookmark is inside its deployment's oplog window (read at most every 30 s per connection). */
  async staleness(b: Bookmark, refresh = false): Promise<Staleness> {
    return bookmarksRoom().classifyBookmark(b, await this.oplogWindow(b.connectionId, refresh));
  }

  /** The last known staleness without connecting: only connections checked recently have an answer. */
  async knownStaleness(b: Bookmark): Promise<Staleness | undefined> {
    const cached = this.windows.get(b.connectionId);
    if (!cached) return undefined;
    return bookmarksRoom().classifyBookmark(b, await cached.result);
  }

  oplogWindow(connectionId: string, refresh = false): Promise<OplogWindowResult> {
    const cached = this.windows.get(connectionId);
    if (cached && !refresh && Date.now() - cached.at < WINDOW_TTL_MS) return cached.result;
    const result = this.deps
      .client(connectionId)
      .then((client) => bookmarksRoom().readOplogWindow(client))
      .catch((): OplogWindowResult => ({
        kind: 'unknown',
        reason: 'unavailable',
        message: 'The deployment could not be reached, so the age of its bookmarks cannot be checked.',
      }));
    this.windows.set(connectionId, { at: Date.now(), result });
    return result;
  }

  /** The watch target a bookmark reopens (its connection named as it is here). */
  targetOf(b: Bookmark): WatchTarget | undefined {
    const conn = this.deps.connections().find((c) => c.id === b.connectionId);
    if (!conn) return undefined;
    const base = { connectionId: conn.id, connectionName: conn.name };
    if (b.scope.kind === 'collection') return { ...base, scope: 'collection', db: b.scope.db, coll: b.scope.coll };
    if (b.scope.kind === 'database') return { ...base, scope: 'database', db: b.scope.db };
    return { ...base, scope: 'deployment' };
  }

  hasConnection(connectionId: string): boolean {
    return this.deps.connections().some((c) => c.id === connectionId);
  }

  /** The name of a bookmark's connection: the local one, else the one in the bookmark. */
  connectionName(connectionId: string, fallback?: string): string {
    return this.deps.connections().find((c) => c.id === connectionId)?.name ?? fallback ?? connectionId;
  }

  private context(watch: Watch, label: string | undefined, note: string | undefined) {
    const { pipeline, ...options } = watch.options;
    const ctx = {
      connectionId: watch.target.connectionId,
      connectionName: watch.target.connectionName,
      scope: scopeOf(watch.target),
      pipeline: (pipeline ?? []) as Record<string, unknown>[],
      options: bookmarkOptions(options),
      newId: () => this.deps.newId(),
      now: this.now,
    };
    return { ...ctx, ...(label !== undefined ? { label } : {}), ...(note !== undefined ? { note } : {}) };
  }

  private async save(made: Bookmark, ask: boolean, prompt: string): Promise<AddResult> {
    let b = made;
    if (ask) {
      const label = await this.deps.ui.askLabel(made.label, prompt);
      if (label === undefined) return { bookmark: null, message: 'No bookmark was added.' };
      if (label.trim() === '') return { bookmark: null, message: 'A bookmark needs a label: nothing was added.' };
      b = { ...made, label: label.trim().slice(0, 200) };
    }
    const saved = await this.store.add(b);
    this.deps.logger.info(`Bookmarked ${saved.label} on ${bookmarksRoom().namespaceOf(saved.scope)}.`);
    return { bookmark: saved };
  }
}

export function scopeOf(t: WatchTarget): BookmarkScope {
  if (t.scope === 'collection') return { kind: 'collection', db: t.db ?? '', coll: t.coll ?? '' };
  if (t.scope === 'database') return { kind: 'database', db: t.db ?? '' };
  return { kind: 'deployment' };
}

export function sameScope(a: BookmarkScope, b: BookmarkScope): boolean {
  return bookmarksRoom().namespaceOf(a) === bookmarksRoom().namespaceOf(b) && a.kind === b.kind;
}

/** The watch's options in the bookmark's form (defaults left out, so equal options compare equal). */
export function bookmarkOptions(o: Omit<WatchOptions, 'pipeline'>): Bookmark['options'] {
  const out: Bookmark['options'] = {};
  if (o.fullDocument !== 'default') out.fullDocument = o.fullDocument;
  if (o.fullDocumentBeforeChange !== 'off') out.fullDocumentBeforeChange = o.fullDocumentBeforeChange;
  if (o.showExpandedEvents) out.showExpandedEvents = true;
  if (o.batchSize !== undefined) out.batchSize = o.batchSize;
  return out;
}

/** The `_data` of a token in canonical EJSON text, upper-cased (hex case is not meaningful). */
function tokenData(ejson: string): string {
  try {
    const data = (JSON.parse(ejson) as { _data?: unknown })._data;
    return typeof data === 'string' ? data.toUpperCase() : ejson;
  } catch {
    return ejson;
  }
}

/** `2026-12-01 21:04:05` in local time: what the Bookmarks view and default labels show. */
export function localTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
