// What the panel remembers across hide/show and window reload via the webview's getState/setState:
// UI choices, plus which watch it shows (id, target, options) so a reload revives that very watch.
// Never event content.
import { validateWatchOptions, type WatchOptions, type WatchScope, type WatchTarget } from '../../src/shared/protocol';
import { readColumns } from '../events/column-widths';
import type { CopyFormat } from '../shared/copy-formats';

export interface ViewState {
  selectedSeq?: number;
  detailsOpen: boolean;
  autoscroll: boolean;
  scrollTop: number;
  optionsOpen: boolean;
  /** Widths (px) of the list's first four columns; undefined: the defaults. */
  columns?: number[];
  newestFirst: boolean;
  /** Where the list/details split sits, in % of the list's side. */
  splitPercent: number;
  copyFormat: CopyFormat;
  /** Operations the list is narrowed to; empty: all. */
  opFilter: string[];
  /** The quick filter's text (with opFilter: the quick filter over the host's buffer). */
  quickText: string;
  /** From the last snapshot; the host reads them back (and checks them again) when it revives the panel. */
  watchId?: string;
  target?: WatchTarget;
  options?: WatchOptions;
  /** The pipeline editor is shown, and its text (kept until applied or changed, issue 7). */
  pipelineOpen: boolean;
  pipelineDraft?: string;
  /** The host's name for the log the selected seq belongs to; another one means a reload rebuilt it. */
  logId?: string;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  detailsOpen: false,
  autoscroll: true,
  scrollTop: 0,
  optionsOpen: false,
  newestFirst: false,
  splitPercent: 50,
  copyFormat: 'shell',
  opFilter: [],
  quickText: '',
  pipelineOpen: false,
};

const COPY_FORMATS: readonly CopyFormat[] = ['shell', 'relaxed', 'canonical'];

const SCOPES: readonly WatchScope[] = ['collection', 'database', 'deployment'];

function readTarget(raw: unknown): WatchTarget | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const t = raw as Record<string, unknown>;
  if (
    typeof t.connectionId !== 'string' ||
    typeof t.connectionName !== 'string' ||
    !SCOPES.includes(t.scope as WatchScope)
  )
    return undefined;
  const target: WatchTarget = {
    connectionId: t.connectionId,
    connectionName: t.connectionName,
    scope: t.scope as WatchScope,
  };
  if (typeof t.db === 'string') target.db = t.db;
  if (typeof t.coll === 'string') target.coll = t.coll;
  return target;
}

/** Reads a stored state defensively: an older or foreign shape falls back to the defaults field by field. */
export function readViewState(raw: unknown): ViewState {
  const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const view: ViewState = {
    selectedSeq: typeof s.selectedSeq === 'number' && Number.isSafeInteger(s.selectedSeq) ? s.selectedSeq : undefined,
    logId: typeof s.logId === 'string' && s.logId.length <= 100 ? s.logId : undefined,
    detailsOpen: typeof s.detailsOpen === 'boolean' ? s.detailsOpen : DEFAULT_VIEW_STATE.detailsOpen,
    autoscroll: typeof s.autoscroll === 'boolean' ? s.autoscroll : DEFAULT_VIEW_STATE.autoscroll,
    scrollTop: typeof s.scrollTop === 'number' && s.scrollTop >= 0 ? s.scrollTop : 0,
    optionsOpen: typeof s.optionsOpen === 'boolean' ? s.optionsOpen : DEFAULT_VIEW_STATE.optionsOpen,
    newestFirst: typeof s.newestFirst === 'boolean' ? s.newestFirst : DEFAULT_VIEW_STATE.newestFirst,
    splitPercent:
      typeof s.splitPercent === 'number' && s.splitPercent >= 10 && s.splitPercent <= 90
        ? s.splitPercent
        : DEFAULT_VIEW_STATE.splitPercent,
    copyFormat: COPY_FORMATS.includes(s.copyFormat as CopyFormat)
      ? (s.copyFormat as CopyFormat)
      : DEFAULT_VIEW_STATE.copyFormat,
    opFilter: Array.isArray(s.opFilter)
      ? s.opFilter.filter((op): op is string => typeof op === 'string' && op.length <= 64).slice(0, 32)
      : [],
    quickText: typeof s.quickText === 'string' && s.quickText.length <= 1000 ? s.quickText : '',
    pipelineOpen: typeof s.pipelineOpen === 'boolean' ? s.pipelineOpen : DEFAULT_VIEW_STATE.pipelineOpen,
  };
  if (typeof s.pipelineDraft === 'string' && s.pipelineDraft.length <= 512 * 1024) view.pipelineDraft = s.pipelineDraft;
  const columns = readColumns(s.columns);
  if (columns) view.columns = columns;
  if (typeof s.watchId === 'string' && s.watchId.length > 0) view.watchId = s.watchId;
  const target = readTarget(s.target);
  if (target) view.target = target;
  const options = validateWatchOptions(s.options);
  if (options.ok) view.options = options.value;
  return view;
}
