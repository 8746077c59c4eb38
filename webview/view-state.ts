// What the panel remembers across hide/show and window reload via the webview's getState/setState:
// UI choices only, never event content.

export interface ViewState {
  selectedSeq?: number;
  detailsOpen: boolean;
  autoscroll: boolean;
  scrollTop: number;
  optionsOpen: boolean;
}

export const DEFAULT_VIEW_STATE: ViewState = { detailsOpen: false, autoscroll: true, scrollTop: 0, optionsOpen: false };

/** Reads a stored state defensively: an older or foreign shape falls back to the defaults field by field. */
export function readViewState(raw: unknown): ViewState {
  const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    selectedSeq: typeof s.selectedSeq === 'number' && Number.isSafeInteger(s.selectedSeq) ? s.selectedSeq : undefined,
    detailsOpen: typeof s.detailsOpen === 'boolean' ? s.detailsOpen : DEFAULT_VIEW_STATE.detailsOpen,
    autoscroll: typeof s.autoscroll === 'boolean' ? s.autoscroll : DEFAULT_VIEW_STATE.autoscroll,
    scrollTop: typeof s.scrollTop === 'number' && s.scrollTop >= 0 ? s.scrollTop : 0,
    optionsOpen: typeof s.optionsOpen === 'boolean' ? s.optionsOpen : DEFAULT_VIEW_STATE.optionsOpen,
  };
}
