// What an inspector panel shows: a log of events, a status and what the source can do. A live
// watch is one; an imported recording will be another, and the same panel shows both.
import type { Disposable } from '../disposable';
import type { SessionStatus, WatchOptions, WatchTarget } from '../watch/model';
import type { EventLog, LoggedEvent } from './eventLog';

export interface SourceCapabilities {
  /** Can stop reading and continue later (a live stream). */
  pause: boolean;
  /** Takes new options (reopens the stream). */
  options: boolean;
  /** Can be stopped and started again. */
  restart: boolean;
}

export interface EventSource {
  readonly id: string;
  readonly title: string;
  readonly target: WatchTarget;
  readonly log: EventLog;
  readonly status: SessionStatus;
  readonly options: WatchOptions;
  readonly capabilities: SourceCapabilities;
  /** Events per second now: the one figure every view shows; 0 unless events are flowing. */
  rate(): number;
  onDidAppend(listener: (e: LoggedEvent) => void): Disposable;
  onDidChangeStatus(listener: (s: SessionStatus) => void): Disposable;
  onDidChangeOptions(listener: (o: WatchOptions) => void): Disposable;
  onDidClear(listener: () => void): Disposable;
}
