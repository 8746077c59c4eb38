// Reopening a watch somewhere in the past: from a bookmark (resumeAfter, startAfter for an invalidate
// token, or startAtOperationTime at its time) or at a chosen time. The watch is stopped, its list
// cleared (the events come again from the server) and started at the position through the session's
// own start(position). A token the server no longer holds is never tried: the ways on are offered.
import type { Logger } from '../../core/logger';
import type { WatchOptions, WatchTarget } from '../../core/watch/model';
import type { StartPosition } from '../../core/watch/positions';
import type { Watch } from '../../core/watch/watch';
import type { BookmarkActionResult } from '../../shared/protocol';
import type { Alternative, Bookmark, ResumeMode, TimeChoice } from '../../core/bookmarks';
import { bookmarkOptions, bookmarksRoom, localTime, type BookmarkService } from './bookmarkService';

/** The dialogs time travel may open (VS Code's in the extension, scripted in tests). */
export interface TimeTravelUi {
  /** A non-blocking note (plan warnings, what happened). */
  info(text: string): void;
  /** A problem with ways on as buttons; resolves with the chosen one (undefined if dismissed). */
  offer<T extends string>(text: string, actions: readonly T[]): Promise<T | undefined>;
  /** "Start at time…": the presets and a date-time input; undefined if dismissed. */
  askTime(title: string): Promise<TimeChoice | undefined>;
}

export interface TimeTravelDeps {
  bookmarks: BookmarkService;
  find(target: WatchTarget): Watch | undefined;
  create(target: WatchTarget, options: WatchOptions): Promise<Watch>;
  defaultOptions(): WatchOptions;
  /** Reveals the watch's panel (creating it). */
  show(watch: Watch): void;
  ui: TimeTravelUi;
  logger: Logger;
  now?: () => Date;
}

const ALTERNATIVE_LABELS: Record<Alternative, string> = {
  startAfter: 'Start After It',
  startNow: 'Start Now',
  startAtOldest: 'Start at Oldest Available',
  startAtChosenTime: 'Start at Time…',
};

export class TimeTravel {
  private readonly now: () => Date;

  constructor(private readonly deps: TimeTravelDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Reopens the bookmark's watch (the existing one on its target, else a new one) from the bookmark. */
  async resume(b: Bookmark, mode: ResumeMode = 'auto'): Promise<BookmarkActionResult> {
    const room = bookmarksRoom();
    const target = this.deps.bookmarks.targetOf(b);
    if (!target) {
      const name = this.deps.bookmarks.connectionName(b.connectionId, b.connectionName);
      return fail(
        `The connection "${name}" of bookmark "${b.label}" is not saved in this window. Add a connection named "${name}", then import the bookmarks file again (it is matched by name) or resume from the new connection's bookmarks.`,
      );
    }
    if (mode !== 'startAtOperationTime') {
      const stale = await this.deps.bookmarks.staleness(b, true);
      if (stale.status === 'expired') {
        return this.offerWaysOn(
          b,
          target,
          `${stale.message} Resuming from "${b.label}" cannot work (286 ChangeStreamHistoryLost).`,
          ['startNow', 'startAtOldest', 'startAtChosenTime'],
        );
      }
    }
    const existing = this.deps.find(target);
    const current = existing
      ? {
          pipeline: (existing.options.pipeline ?? []) as Record<string, unknown>[],
          options: bookmarkOptions(existing.options),
        }
      : undefined;
    const plan = room.planResume(b, current ? { mode, current } : { mode });
    if (!plan.ok) return fail(`${plan.message} ${plan.action}`);
    const base = existing?.options ?? this.deps.defaultOptions();
    const options: WatchOptions = {
      fullDocument: plan.options.fullDocument ?? 'default',
      fullDocumentBeforeChange: plan.options.fullDocumentBeforeChange ?? 'off',
      showExpandedEvents: plan.options.showExpandedEvents ?? false,
      ...(plan.options.batchSize !== undefined ? { batchSize: plan.options.batchSize } : {}),
      ...(base.maxAwaitTimeMS !== undefined ? { maxAwaitTimeMS: base.maxAwaitTimeMS } : {}),
      ...(plan.pipeline.length > 0 ? { pipeline: plan.pipeline } : {}),
    };
    const position = watchPosition(plan.position);
    const watch = existing ?? (await this.deps.create(target, options));
    if (plan.warnings.length > 0) this.deps.ui.info(plan.warnings.map((w) => w.message).join(' '));
    const how =
      position.kind === 'atTime'
        ? `from the time of "${b.label}"`
        : position.kind === 'startAfter'
          ? `after "${b.label}" (startAfter)`
          : `after "${b.label}"`;
    this.deps.logger.info(`Reopening ${watch.title} ${how}.`);
    const failed = await this.reopen(watch, position, options);
    if (!failed) return { ok: true, message: `Showing the events of ${watch.title} ${how}.` };
    const failure = room.resumeFailure({ code: failed.serverCode, message: failed.message });
    if (failure) {
      return this.offerWaysOn(b, target, `${failure.message} ${failure.action}`, failure.alternatives);
    }
    return fail(`Could not watch ${watch.title} from "${b.label}": ${failed.message} ${failed.action}`);
  }

  /** "Start at time…" on a watch: asks when no choice is given, checks the time against the oplog. */
  async startAtTime(watch: Watch, choice?: TimeChoice): Promise<BookmarkActionResult> {
    const chosen = choice ?? (await this.deps.ui.askTime(`Start ${watch.title} at…`));
    if (!chosen) return fail('No time was chosen.');
    const room = bookmarksRoom();
    const window = await this.deps.bookmarks.oplogWindow(watch.target.connectionId, true);
    const start = room.startTimeFor(chosen, this.now(), window.kind === 'known' ? window.window : undefined);
    if (!start.ok) return fail(`${start.message} ${start.action}`);
    const position: StartPosition = { kind: 'atTime', seconds: start.time.t, increment: start.time.i };
    this.deps.logger.info(`Reopening ${watch.title} at ${start.date.toISOString()}.`);
    const failed = await this.reopen(watch, position);
    if (!failed) return { ok: true, message: `Showing the events of ${watch.title} from ${localTime(start.date)}.` };
    return fail(`Could not start ${watch.title} at that time: ${failed.message} ${failed.action}`);
  }

  /** Stops the watch, clears its list, sets the options and starts at the position; the error if it failed. */
  private async reopen(
    watch: Watch,
    position: StartPosition,
    options?: WatchOptions,
  ): Promise<{ serverCode?: number; message: string; action: string } | undefined> {
    if (watch.live) await watch.stop();
    watch.clear();
    if (options) await watch.setOptions(options);
    this.deps.show(watch);
    const status = await watch.start(position);
    if (status.state !== 'failed') return undefined;
    const e = status.error;
    return {
      ...(e?.serverCode !== undefined ? { serverCode: e.serverCode } : {}),
      message: e?.message ?? 'the change stream could not be opened.',
      action: e?.action ?? 'See the log (Change Streams: Show Log).',
    };
  }

  /** Says why the token cannot be used and runs the way on the person picks (never the dead token). */
  private async offerWaysOn(
    b: Bookmark,
    target: WatchTarget,
    text: string,
    ways: readonly Alternative[],
  ): Promise<BookmarkActionResult> {
    const labels = ways.map((w) => ALTERNATIVE_LABELS[w]);
    const picked = await this.deps.ui.offer(text, labels);
    const way = ways[labels.indexOf(picked as string)];
    if (!way) return fail(text);
    const watch = this.deps.find(target) ?? (await this.deps.create(target, this.deps.defaultOptions()));
    if (way === 'startAtChosenTime') return this.startAtTime(watch);
    if (way === 'startAtOldest') return this.startAtTime(watch, { kind: 'oldest' });
    const window = await this.deps.bookmarks.oplogWindow(b.connectionId);
    const alt = bookmarksRoom().alternativePosition(way, b, window.kind === 'known' ? window.window : undefined);
    if (!alt) return fail(text);
    const failed = await this.reopen(watch, watchPosition(alt));
    return failed ? fail(`Could not watch ${watch.title}: ${failed.message} ${failed.action}`) : { ok: true };
  }
}

function fail(message: string): BookmarkActionResult {
  return { ok: false, message };
}

/** The bookmarks room's position (a BSON Timestamp for a time) as the watch session's. */
function watchPosition(p: import('../../core/bookmarks').StartPosition): StartPosition {
  switch (p.kind) {
    case 'startAtOperationTime':
      return { kind: 'atTime', seconds: p.time.t, increment: p.time.i };
    case 'resumeAfter':
      return { kind: 'resumeAfter', token: p.token };
    case 'startAfter':
      return { kind: 'startAfter', token: p.token };
    default:
      return { kind: 'now' };
  }
}
