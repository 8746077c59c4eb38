// Bookmarks from the panel: add one for an event or for the watch's position, list the panel's
// bookmarks, resume from one, start at a time. The work is the bookmark service's and time travel's.
import type { TimeChoice } from '../../../core/bookmarks';
import { bookmarksRoom } from '../../bookmarks/bookmarkService';
import type { RequestHandlers } from '../handlers';
import type { InspectorContext, PanelBookmarks } from './context';

function bookmarksOf(ctx: InspectorContext): PanelBookmarks {
  if (!ctx.bookmarks) throw new Error('Bookmarks are not available in this window.');
  return ctx.bookmarks;
}

export const bookmarkHandlers: RequestHandlers<
  InspectorContext,
  'addBookmark' | 'listBookmarks' | 'resumeFromBookmark' | 'startAtTime'
> = {
  addBookmark: async ({ seq, label, note }, ctx) => {
    const { service } = bookmarksOf(ctx);
    const r =
      seq === undefined
        ? await service.addForPosition(ctx.watch, label, note)
        : await service.addForEvent(ctx.watch, seq, label, note);
    if (!r.bookmark) return { bookmark: null, message: r.message };
    return { bookmark: service.viewsFor(ctx.watch).find((v) => v.id === r.bookmark.id) ?? null };
  },
  listBookmarks: (_p, ctx) => ({ bookmarks: bookmarksOf(ctx).service.viewsFor(ctx.watch) }),
  resumeFromBookmark: async ({ id, mode }, ctx) => {
    const { service, travel } = bookmarksOf(ctx);
    const b = service.get(id);
    if (!b) return { ok: false, message: 'This bookmark was deleted (perhaps in the Bookmarks view).' };
    return travel.resume(b, mode ?? 'auto');
  },
  startAtTime: async ({ minutesAgo, oldest, at }, ctx) => {
    const { travel } = bookmarksOf(ctx);
    let choice: TimeChoice | undefined;
    if (oldest) choice = { kind: 'oldest' };
    else if (minutesAgo !== undefined) choice = { kind: 'ago', ms: minutesAgo * 60_000 };
    else if (at !== undefined) {
      const date = bookmarksRoom().parseDateTime(at);
      if (!date) return { ok: false, message: `"${at}" is not a date and time. Type it as 2026-12-01 14:30.` };
      choice = { kind: 'date', date };
    }
    return travel.startAtTime(ctx.watch, choice);
  },
};
