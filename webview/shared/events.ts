// The inspector's custom DOM events, typed in one map: each component says what the person asked for,
// the app (or the nearest owner) decides what it means. Bubbling events cross shadow roots (composed).

/** A copy the host should put on the clipboard (the webview has no clipboard permission of its own). */
export interface CopyRequest {
  text: string;
  what: string;
}

export interface SelectDetail {
  seq: number;
  /** True when the person asked to see the event (click, Enter), not just moved the selection. */
  open: boolean;
}

export type ToolbarAction =
  'pause' | 'resume' | 'clear' | 'stop' | 'restart' | 'options' | 'order' | 'pipeline' | RecordingAction;
/** The recording buttons (issue 12): the app turns them into host requests with the panel's filter. */
export type RecordingAction = 'export' | 'replay';

export interface InspectorEvents {
  'copy-text': CopyRequest;
  'close-details': undefined;
  'select-event': SelectDetail;
  'autoscroll-change': boolean;
  'list-scroll': number;
  'columns-change': number[];
  'toolbar-action': ToolbarAction;
  'op-filter-change': string[];
  'quick-filter-change': string;
  'quick-filter-clear': undefined;
  'copy-format-change': string;
  'split-change': number;
  'pipeline-draft-change': string;
}

declare global {
  interface HTMLElementEventMap {
    'copy-text': CustomEvent<CopyRequest>;
    'close-details': CustomEvent<undefined>;
    'select-event': CustomEvent<SelectDetail>;
    'autoscroll-change': CustomEvent<boolean>;
    'list-scroll': CustomEvent<number>;
    'columns-change': CustomEvent<number[]>;
    'toolbar-action': CustomEvent<ToolbarAction>;
    'op-filter-change': CustomEvent<string[]>;
    'quick-filter-change': CustomEvent<string>;
    'quick-filter-clear': CustomEvent<undefined>;
    'copy-format-change': CustomEvent<string>;
    'split-change': CustomEvent<number>;
    'pipeline-draft-change': CustomEvent<string>;
  }
}

/** A typed inspector event; `bubbles` ones reach the app through every shadow root on the way. */
export function inspectorEvent<K extends keyof InspectorEvents>(
  type: K,
  detail: InspectorEvents[K],
  bubbles = false,
): CustomEvent<InspectorEvents[K]> {
  return new CustomEvent(type, { detail, bubbles, composed: bubbles });
}

export function copyRequest(detail: CopyRequest): CustomEvent<CopyRequest> {
  return inspectorEvent('copy-text', detail, true);
}
