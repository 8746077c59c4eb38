// The quick filter of a panel (issue 7): set it, page through the matching events of the watch's
// whole log, and the part of each append that carries the new matches. One session per log.
import type { EventLog } from '../../../core/events/eventLog';
import { QuickFilterSession } from '../../../core/pipeline/quickFilterLog';
import {
  MAX_WINDOW,
  QUICK_FILTER_FIRST_PAGE,
  type QuickFilterAppend,
  type QuickFilterWindow,
} from '../../../shared/protocol';
import type { RequestHandlers } from '../handlers';
import type { InspectorContext } from './context';

const sessions = new WeakMap<EventLog, QuickFilterSession>();

export function quickFilterOf(log: EventLog): QuickFilterSession {
  let s = sessions.get(log);
  if (!s) {
    s = new QuickFilterSession(log);
    sessions.set(log, s);
  }
  return s;
}

/** While a filter is set: where its matches run now and those found since the last append. */
export function quickAppend(log: EventLog): QuickFilterAppend | undefined {
  const s = sessions.get(log);
  if (!s?.active) return undefined;
  const fresh = s.takeNew(MAX_WINDOW);
  return { filterId: s.id, ...s.range(), ...fresh };
}

export const quickFilterHandlers: RequestHandlers<InspectorContext, 'setQuickFilter' | 'getMatches'> = {
  setQuickFilter: ({ text, ops }, { watch }) => {
    const s = quickFilterOf(watch.log);
    const result = s.set(text, ops);
    const window: QuickFilterWindow = s.active
      ? { filterId: s.id, active: true, ...s.range(), total: watch.log.size, ...s.latest(QUICK_FILTER_FIRST_PAGE) }
      : { filterId: 0, active: false, first: 1, last: 0, total: watch.log.size, from: 1, summaries: [] };
    if (!result.ok) {
      const { code, message, action, column } = result;
      window.error = { code, message, action, column };
    }
    return window;
  },
  getMatches: ({ filterId, fromOrdinal, count }, { watch }) => {
    const s = sessions.get(watch.log);
    if (!s?.active || s.id !== filterId) return null;
    return { filterId, ...s.range(), ...s.summaries(fromOrdinal, count) };
  },
};
