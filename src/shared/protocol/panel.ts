// One inspector panel's whole picture (the snapshot sent on every `ready`), the controls the
// webview sends as notifications, and the requests that change how the watch runs.
import * as v from 'valibot';
import { request, type NotifySpec } from './envelope';
import type { EventSummary, OperationCounts } from './events';
import { StartPositionSchema, type SessionStatus } from './status';
import { WatchOptionsSchema, type WatchOptions, type WatchTarget } from './watch';
import type { PanelCapabilities, PanelMasking, PanelRecording } from './recording';

export const SNAPSHOT_SUMMARY_LIMIT = 5000;
const MAX_COPY_CHARS = 16 * 1024 * 1024;

export interface PanelSnapshot {
  protocol: number;
  watchId: string;
  title: string;
  target: WatchTarget;
  options: WatchOptions;
  status: SessionStatus;
  counts: OperationCounts;
  total: number;
  /** Events currently retained: seqs firstSeq..lastSeq (lastSeq < firstSeq when empty). */
  firstSeq: number;
  lastSeq: number;
  /** Summaries of the most recent retained events (at most SNAPSHOT_SUMMARY_LIMIT). */
  summaries: EventSummary[];
  /** Events per second over the last few seconds; 0 when not streaming. */
  rate: number;
  /** Events dropped from the log by its count/byte caps since the watch began. */
  evicted: number;
  /**
   * Names this log: it changes when the log is rebuilt (a window reload makes a new one), so seqs the
   * webview saved under another logId belong to the old log and were not evicted.
   */
  logId?: string;
  /** The log was rebuilt by a window reload (events before it are not in this log). */
  reloaded?: boolean;
  /** What the source can do (absent: a live watch, everything). */
  capabilities?: PanelCapabilities;
  /** Field masking in force on the host (absent: off). */
  masking?: PanelMasking;
  /** The recording file a read-only panel shows. */
  recording?: PanelRecording;
}

export const controlNotifications = {
  pause: {},
  resume: {},
  clear: {},
  stop: {},
  restart: {},
  copy: {
    params: v.object({
      text: v.pipe(v.string(), v.maxLength(MAX_COPY_CHARS)),
      what: v.pipe(v.string(), v.maxLength(100)),
    }),
  },
} satisfies Record<string, NotifySpec>;

export const watchRequests = {
  setOptions: request<WatchOptions>()(v.object({ options: WatchOptionsSchema })),
  /** Starts a stopped or failed watch from one of the ways on its status offers. */
  startFrom: request<SessionStatus>()(v.object({ position: StartPositionSchema })),
};
