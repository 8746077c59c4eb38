// Resume-token bookmarks as they cross the bridge: add one for an event (by seq) or for the watch's
// position, list the bookmarks of the panel's target, resume from one, start at a time. Plain data:
// the token and pipeline stay on the host; the webview sees labels, times and what it may ask for.
import * as v from 'valibot';
import { request, SeqSchema } from './envelope';

const LABEL_MAX = 200;
const NOTE_MAX = 4000;
const ID_MAX = 100;

export const BookmarkIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(ID_MAX));

/** How to start from a bookmark: `auto` is resumeAfter, or startAfter for the token of an invalidate. */
export const ResumeModeSchema = v.picklist(['auto', 'resumeAfter', 'startAfter', 'startAtOperationTime']);
export type ResumeModeChoice = v.InferOutput<typeof ResumeModeSchema>;

/** One bookmark as the panel shows it. */
export interface BookmarkView {
  id: string;
  label: string;
  note?: string;
  /** ISO time of the bookmarked moment (the event's wall time, else the token's cluster time). */
  time?: string;
  clusterTime?: { t: number; i: number };
  operationType?: string;
  documentKey?: string;
  /** The event's seq in this panel's log, when the bookmarked event is still in it. */
  seq?: number;
  fromInvalidate: boolean;
  /** A follow-mode bookmark: it moves with the watch. */
  follow: boolean;
  /** The bookmark was taken under another pipeline than the watch's current one. */
  pipelineDiffers: boolean;
}

export interface BookmarksParams {
  bookmarks: BookmarkView[];
}

/** What a request that may open a dialog or start a watch answers: done, or why not in one sentence. */
export interface BookmarkActionResult {
  ok: boolean;
  message?: string;
}

export const bookmarkRequests = {
  /**
   * Bookmarks event `seq` (its `_id` is the token), or the watch's current position when `seq` is
   * absent. Without a label the host asks for one (prefilled); a dismissed dialog adds nothing.
   */
  addBookmark: request<{ bookmark: BookmarkView | null; message?: string }>()(
    v.object({
      seq: v.optional(SeqSchema),
      label: v.optional(v.pipe(v.string(), v.maxLength(LABEL_MAX))),
      note: v.optional(v.pipe(v.string(), v.maxLength(NOTE_MAX))),
    }),
  ),
  /** The bookmarks of this panel's connection and namespace, newest first. */
  listBookmarks: request<BookmarksParams>()(v.object({})),
  /** Reopens this panel's watch from a bookmark (stops it, clears the list, starts at the bookmark). */
  resumeFromBookmark: request<BookmarkActionResult>()(
    v.object({ id: BookmarkIdSchema, mode: v.optional(ResumeModeSchema) }),
  ),
  /**
   * Reopens the watch at a time (startAtOperationTime): minutes ago, the oldest the oplog holds, an
   * ISO date-time; with none of them the host asks (presets and a date-time input).
   */
  startAtTime: request<BookmarkActionResult>()(
    v.object({
      minutesAgo: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(525_600))),
      oldest: v.optional(v.boolean()),
      at: v.optional(v.pipe(v.string(), v.maxLength(64))),
    }),
  ),
};
