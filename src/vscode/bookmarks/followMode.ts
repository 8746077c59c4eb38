// Follow mode: a watch keeps its position saved as a bookmark that moves (throttled by the bookmarks
// room's PositionSaver, flushed when the watch goes), so watching the same target again, after closing
// its panel, a reload or a crash, continues after the last event saved: nothing in between is lost.
// Reload itself is InspectorPanels.restoreOpenWatches' job; this only decides where a new watch starts.
import type { Logger } from '../../core/logger';
import type { Watch } from '../../core/watch/watch';
import type { Bookmark, PositionSaver } from '../../core/bookmarks';
import { bookmarkOptions, bookmarksRoom, sameScope, scopeOf, type BookmarkService } from './bookmarkService';

const SAVE_INTERVAL_MS = 1000;

interface Follower {
  bookmarkId: string;
  saver: PositionSaver;
  last?: { operationType: string; documentKey: string };
  subscriptions: { dispose(): void }[];
}

export interface FollowWatches {
  onDidCreate(listener: (w: Watch) => void): { dispose(): void };
  onDidChange(listener: () => void): { dispose(): void };
  get(id: string): Watch | undefined;
}

export class FollowMode {
  private readonly followers = new Map<string, Follower>();
  /** Watches whose follow mode waits for their first token. */
  private readonly pending = new Map<string, { dispose(): void }>();
  private readonly subscriptions: { dispose(): void }[] = [];

  constructor(
    private readonly service: BookmarkService,
    private readonly watches: FollowWatches,
    private readonly logger: Logger,
    private readonly intervalMs = SAVE_INTERVAL_MS,
  ) {
    this.subscriptions.push(
      watches.onDidCreate((w) => this.adopt(w)),
      watches.onDidChange(() => this.prune()),
    );
  }

  /** The follow-mode bookmark of a watch's target, if there is one. */
  bookmarkFor(watch: Watch): Bookmark | undefined {
    const scope = scopeOf(watch.target);
    return this.service
      .list()
      .find((b) => b.follow === true && b.connectionId === watch.target.connectionId && sameScope(b.scope, scope));
  }

  isFollowing(watch: Watch): boolean {
    return this.followers.has(watch.id) || this.pending.has(watch.id);
  }

  /** Turns follow mode on (a moving bookmark at the watch's position) or off (the bookmark stays, still). */
  async toggle(watch: Watch): Promise<{ following: boolean; message: string }> {
    const existing = this.bookmarkFor(watch);
    if (existing) {
      await this.detach(watch.id);
      // Re-read: detaching flushed the last position into it.
      const { follow: _f, ...still } = this.service.get(existing.id) ?? existing;
      void _f;
      await this.service.store.replace(still);
      return {
        following: false,
        message: `Stopped following ${watch.title}; its last position stays as the bookmark "${existing.label}".`,
      };
    }
    if (this.pending.has(watch.id)) {
      this.pending.get(watch.id)?.dispose();
      this.pending.delete(watch.id);
      return { following: false, message: `${watch.title} is not followed any more.` };
    }
    const token = watch.lastToken;
    if (token === undefined || token === null) {
      // No position yet (the stream has not answered): the bookmark is made at the first event.
      const sub = watch.onDidAppend((e) => {
        sub.dispose();
        this.pending.delete(watch.id);
        if (!e.token) return;
        this.start(watch, JSON.parse(e.token), e.summary.op, e.summary.key).catch((err: unknown) =>
          this.logger.warn(`Follow mode: could not save the position of ${watch.title}: ${String(err)}`),
        );
      });
      this.pending.set(watch.id, sub);
      return {
        following: true,
        message: `Following ${watch.title}: its position is saved from its first event on.`,
      };
    }
    await this.start(watch, token);
    return {
      following: true,
      message: `Following ${watch.title}: watching it again continues after the last event seen, even after a reload or a crash.`,
    };
  }

  private async start(watch: Watch, token: unknown, operationType?: string, documentKey?: string): Promise<void> {
    const room = bookmarksRoom();
    const { pipeline, ...options } = watch.options;
    const made = room.bookmarkFromPosition(token, {
      connectionId: watch.target.connectionId,
      connectionName: watch.target.connectionName,
      scope: scopeOf(watch.target),
      pipeline: (pipeline ?? []) as Record<string, unknown>[],
      options: bookmarkOptions(options),
      label: `Following ${watch.title}`,
      newId: () => `follow-${Date.now().toString(36)}-${watch.id}`.replace(/[^\w.-]/g, '-').slice(0, 100),
      now: () => new Date(),
    });
    const withEvent =
      operationType === undefined ? made : room.movedTo(made, made.token, { operationType, documentKey });
    const saved = await this.service.store.add({ ...withEvent, follow: true });
    this.attach(watch, saved.id);
    // Events that arrived while the bookmark was being written move it at once.
    const last = watch.log.get(watch.log.lastSeq);
    const f = this.followers.get(watch.id);
    if (f && last?.token && JSON.parse(last.token)._data !== saved.token._data) {
      f.last = { operationType: last.summary.op, documentKey: last.summary.key };
      f.saver.record(JSON.parse(last.token));
    }
    this.logger.info(`Following ${watch.title}: its position is kept saved.`);
  }

  /** Saves every pending position now (deactivation). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.followers.values()].map((f) => f.saver.flush()));
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    await Promise.all([...this.followers.keys()].map((id) => this.detach(id)));
  }

  /** A new watch on a followed target continues from the bookmark, with its pipeline and options. */
  adopt(watch: Watch): void {
    let b: Bookmark | undefined;
    try {
      b = this.bookmarkFor(watch);
    } catch (err) {
      this.logger.warn(`Follow mode: reading the bookmarks failed: ${String(err)}`);
      return;
    }
    if (!b) return;
    const room = bookmarksRoom();
    const pipeline = room.driverPipeline(b);
    void watch.setOptions({
      ...watch.options,
      fullDocument: b.options.fullDocument ?? watch.options.fullDocument,
      fullDocumentBeforeChange: b.options.fullDocumentBeforeChange ?? watch.options.fullDocumentBeforeChange,
      showExpandedEvents: b.options.showExpandedEvents ?? watch.options.showExpandedEvents,
      ...(pipeline.length > 0 ? { pipeline } : {}),
    });
    watch.continueFrom(room.driverToken(b));
    this.attach(watch, b.id);
    this.logger.info(`Following ${watch.title}: continuing after its saved position.`);
  }

  private attach(watch: Watch, bookmarkId: string): void {
    if (this.followers.has(watch.id)) return;
    const room = bookmarksRoom();
    const follower: Follower = { bookmarkId, subscriptions: [], saver: undefined as unknown as PositionSaver };
    // The saver writes through this: each save moves the bookmark to the latest token.
    const storage = {
      get: () => undefined,
      update: async (_key: string, value: unknown) => {
        const token = (value as { token?: Bookmark['token'] } | undefined)?.token;
        if (!token || !this.service.get(bookmarkId)) return;
        await this.service.store.move(bookmarkId, token, follower.last);
      },
    };
    follower.saver = new room.PositionSaver(
      storage,
      bookmarkId,
      watch.options.pipeline ?? [],
      this.intervalMs,
      room.systemClock,
      (err) => this.logger.warn(`Follow mode: saving the position of ${watch.title} failed: ${String(err)}`),
    );
    follower.subscriptions.push(
      watch.onDidAppend((e) => {
        if (!e.token) return;
        follower.last = { operationType: e.summary.op, documentKey: e.summary.key };
        follower.saver.record(JSON.parse(e.token));
      }),
      watch.onDidChangeOptions((o) => {
        const b = this.service.get(bookmarkId);
        if (!b) return;
        const { pipeline, ...rest } = o;
        const { EJSON } = require('bson') as typeof import('bson');
        const stages = (pipeline ?? []).map((s) => EJSON.serialize(s as object, { relaxed: false }));
        void this.service.store.replace({ ...b, pipeline: stages, options: bookmarkOptions(rest) });
      }),
    );
    this.followers.set(watch.id, follower);
  }

  private async detach(watchId: string): Promise<void> {
    const f = this.followers.get(watchId);
    if (!f) return;
    this.followers.delete(watchId);
    for (const s of f.subscriptions) s.dispose();
    await f.saver.dispose();
  }

  /** Watches that are gone stop following (their last position is flushed first). */
  private prune(): void {
    for (const id of [...this.followers.keys()]) if (!this.watches.get(id)) void this.detach(id);
  }
}
