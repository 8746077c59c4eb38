// The webview's immutable model of one watch, split by how often each part changes: `WatchInfo`
// (title, status, options: rare) and `Counters` (counts, total, rate, evicted: every append). A host
// notification yields new objects only for the parts it changed, so a consumer of the other part
// does no work. Rows are not here: they live in the paged RowSource (events/row-source.ts).
import type {
  HostNotification,
  OperationCounts,
  PanelCapabilities,
  PanelMasking,
  PanelRecording,
  SessionStatus,
  WatchOptions,
  WatchTarget,
} from '../../src/shared/protocol';

export interface WatchInfo {
  readonly watchId: string;
  readonly title: string;
  readonly target: WatchTarget;
  readonly status: SessionStatus;
  readonly options: WatchOptions;
  /** What the source can do; a recording lacks pause, options and restart (absent: everything). */
  readonly capabilities?: PanelCapabilities;
  /** Field masking in force on the host. */
  readonly masking?: PanelMasking;
  /** The file a read-only recording panel shows. */
  readonly recording?: PanelRecording;
}

export interface Counters {
  readonly counts: Readonly<OperationCounts>;
  readonly total: number;
  readonly rate: number;
  readonly evicted: number;
}

export interface WatchState {
  /** Undefined until the first snapshot arrives. */
  readonly info: WatchInfo | undefined;
  readonly counters: Counters;
}

export const EMPTY_COUNTERS: Counters = Object.freeze({ counts: Object.freeze({}), total: 0, rate: 0, evicted: 0 });
export const INITIAL_STATE: WatchState = Object.freeze({ info: undefined, counters: EMPTY_COUNTERS });

/** The next state after one host notification; parts it does not touch keep their identity. */
export function reduceWatch(state: WatchState, n: HostNotification): WatchState {
  switch (n.method) {
    case 'snapshot': {
      const p = n.params;
      return freeze({
        info: freeze({
          watchId: p.watchId,
          title: p.title,
          target: p.target,
          status: p.status,
          options: p.options,
          ...(p.capabilities ? { capabilities: p.capabilities } : {}),
          ...(p.masking ? { masking: p.masking } : {}),
          ...(p.recording ? { recording: p.recording } : {}),
        }),
        counters: freeze({ counts: p.counts, total: p.total, rate: p.rate, evicted: p.evicted }),
      });
    }
    case 'appended': {
      if (!state.info) return state;
      const p = n.params;
      return freeze({
        ...state,
        counters: freeze({ counts: p.counts, total: p.total, rate: p.rate, evicted: p.evicted }),
      });
    }
    case 'status':
      return state.info ? freeze({ ...state, info: freeze({ ...state.info, status: n.params }) }) : state;
    case 'options':
      return state.info ? freeze({ ...state, info: freeze({ ...state.info, options: n.params }) }) : state;
    case 'cleared':
      return state.info
        ? freeze({ ...state, counters: freeze({ ...EMPTY_COUNTERS, evicted: state.counters.evicted }) })
        : state;
    default:
      return state;
  }
}

function freeze<T extends object>(o: T): T {
  return Object.freeze(o);
}
