// The quick filter over the host's buffered events (client side of the stream, never sent to the
// server): the panel sets it, then pages through the MATCHING events of the whole log by ordinal;
// appends carry the new matches. Ordinals number the matches of one filter (`filterId`) and never
// shift: evicted matches leave from the front, as evicted seqs do.
import * as v from 'valibot';
import { request, SeqSchema } from './envelope';
import { MAX_WINDOW, type EventSummary } from './events';

export const QUICK_FILTER_MAX_TEXT = 1000;
/** Newest matches sent with the answer to setQuickFilter (the rest are paged in). */
export const QUICK_FILTER_FIRST_PAGE = 500;

export interface QuickFilterProblem {
  code: string;
  message: string;
  action: string;
  /** 1-based column in the filter text. */
  column: number;
}

export interface QuickFilterWindow {
  /** Names this filter: pages and appends of another id are stale. 0 with `active: false`. */
  filterId: number;
  active: boolean;
  /** Ordinals of the retained matches: first..last (last < first when none). */
  first: number;
  last: number;
  /** Events in the buffer now (the "of" in "37 of 12,450"). */
  total: number;
  /** The newest matches, ordinals `from`..last. */
  from: number;
  summaries: EventSummary[];
  /** The text could not be used; the previous filter (if any) still applies. */
  error?: QuickFilterProblem;
}

export interface QuickFilterPage {
  filterId: number;
  first: number;
  last: number;
  /** Ordinal of summaries[0]. */
  from: number;
  summaries: EventSummary[];
}

const OpsSchema = v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(32));

export const filterRequests = {
  setQuickFilter: request<QuickFilterWindow>()(
    v.object({ text: v.pipe(v.string(), v.maxLength(QUICK_FILTER_MAX_TEXT)), ops: OpsSchema }),
  ),
  getMatches: request<QuickFilterPage | null>()(
    v.object({
      filterId: SeqSchema,
      fromOrdinal: SeqSchema,
      count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_WINDOW)),
    }),
  ),
};
