// An imported recording as an event source: its events in an EventLog like a live watch's, a stopped
// status that says where it came from, and capabilities without pause, options or restart. It extends
// Watch so the same panel host and handler tables show it; every control a recording lacks is a no-op.
import type { Document } from 'bson';
import type { EventLog } from '../events/eventLog';
import type { SourceCapabilities } from '../events/eventSource';
import type { SessionStatus, WatchOptions, WatchTarget } from '../watch/model';
import type { StartPosition } from '../watch/positions';
import { Watch } from '../watch/watch';
import { EJSONLib, type RecordingHeader } from './format';
import type { RecordingProblem } from './import';

export const RECORDED_CAPABILITIES: SourceCapabilities = Object.freeze({
  pause: false,
  options: false,
  restart: false,
});

/** What the panel says about the recording it shows. */
export interface RecordingInfo {
  fileName: string;
  exportedAt?: string;
  /** Events read from the file, kept in the log, and lines that could not be read. */
  read: number;
  kept: number;
  problems: number;
  masking?: string[];
}

export interface RecordedSourceInit {
  id: string;
  fileName: string;
  header: RecordingHeader | undefined;
  /** The (empty) log its events go into: made by the caller, so this module does not load the log's code. */
  log: EventLog;
  /** Applied to each event before it is logged (the field masking in force now). */
  mask?: (change: Document) => Document;
  /** The file it was read from: what a window reload reads again (never the events themselves). */
  filePath?: string;
  /** Names this reading of the file (path, size, time): the same after a reload, so a selection keeps. */
  logKey?: string;
  /** Why the file could not be read again after a reload: the panel says so instead of showing events. */
  unreadable?: string;
}

export class RecordedSource extends Watch {
  override readonly capabilities = RECORDED_CAPABILITIES;
  readonly header: RecordingHeader | undefined;
  private readonly fileName: string;
  readonly filePath: string | undefined;
  readonly logKey: string | undefined;
  private readonly unreadable: string | undefined;
  private readonly mask: (change: Document) => Document;
  private read = 0;
  private problems: RecordingProblem[] = [];
  private recordedStatus: SessionStatus;

  constructor(init: RecordedSourceInit) {
    super(init.id, recordedTarget(init.id, init.fileName, init.header), recordedOptions(init.header), init.log, () => {
      throw new Error('A recording has no change stream to open.');
    });
    this.header = init.header;
    this.fileName = init.fileName;
    this.filePath = init.filePath;
    this.logKey = init.logKey;
    this.unreadable = init.unreadable;
    this.mask = init.mask ?? ((c) => c);
    this.recordedStatus = this.describe();
  }

  /** Adds one event read from the file, masked by the current settings. */
  add(change: Document): void {
    this.read++;
    this.log.append(this.mask(change), {
      fullDocument: this.options.fullDocument,
      fullDocumentBeforeChange: this.options.fullDocumentBeforeChange,
    });
  }

  /** Ends loading: records the problems and tells the panel the final status. */
  finish(problems: RecordingProblem[]): void {
    this.problems = problems;
    this.recordedStatus = this.describe();
  }

  get info(): RecordingInfo {
    return {
      fileName: this.fileName,
      ...(this.header?.exportedAt ? { exportedAt: this.header.exportedAt } : {}),
      read: this.read,
      kept: this.log.size,
      problems: this.problems.length,
      ...(this.header?.masking ? { masking: this.header.masking } : {}),
    };
  }

  get lineProblems(): readonly RecordingProblem[] {
    return this.problems;
  }

  override get status(): SessionStatus {
    return this.recordedStatus;
  }

  override get live(): boolean {
    return false;
  }

  override get lastToken(): unknown {
    return undefined;
  }

  override rate(): number {
    return 0;
  }

  override start(_position?: StartPosition): Promise<SessionStatus> {
    return Promise.resolve(this.status);
  }
  override pause(): void {}
  override resume(): void {}
  override togglePause(): void {}
  override continueFrom(): void {}
  override markStopped(): void {}
  /** Read only: the recording's events stay until its panel closes. */
  override clear(): void {}
  override stop(): Promise<void> {
    return Promise.resolve();
  }
  /** A recording's options are what it was read with: they cannot change. */
  override setOptions(_options?: WatchOptions): Promise<WatchOptions> {
    return Promise.resolve(this.options);
  }

  private describe(): SessionStatus {
    if (this.unreadable !== undefined) {
      return {
        state: 'stopped',
        since: Date.now(),
        reason: 'user',
        detail: `The recording ${this.fileName} could not be opened again after the window reload: ${this.unreadable}.`,
        action: 'If the file moved, open it from its new place with "Open Recording…"; else close this panel.',
      };
    }
    const evicted = this.read - this.log.size;
    const parts = [`Recording from ${this.fileName}: ${this.log.size} event${this.log.size === 1 ? '' : 's'}`];
    if (this.header?.exportedAt) parts.push(`exported ${this.header.exportedAt.replace('T', ' ').slice(0, 19)} UTC`);
    const detail = `${parts.join(', ')}.`;
    const notes: string[] = [];
    if (this.problems.length > 0) notes.push(`${this.problems.length} line(s) could not be read (see the log)`);
    if (evicted > 0) notes.push(`the oldest ${evicted} did not fit the event-log caps`);
    const action = notes.length
      ? `Read only; ${notes.join('; ')}.`
      : 'Read only: export it again or replay it to a collection from the toolbar.';
    return { state: 'stopped', since: Date.now(), reason: 'user', detail, action };
  }
}

function recordedTarget(id: string, fileName: string, header: RecordingHeader | undefined): WatchTarget {
  const s = header?.scope;
  return {
    connectionId: `recording:${id}`,
    connectionName: s?.connectionName ? `${fileName} (from ${s.connectionName})` : fileName,
    scope: s?.scope ?? 'deployment',
    ...(s?.db !== undefined ? { db: s.db } : {}),
    ...(s?.coll !== undefined ? { coll: s.coll } : {}),
  };
}

function recordedOptions(header: RecordingHeader | undefined): WatchOptions {
  const o = header?.options;
  const options: WatchOptions = {
    fullDocument: o?.fullDocument ?? 'default',
    fullDocumentBeforeChange: o?.fullDocumentBeforeChange ?? 'off',
    showExpandedEvents: o?.showExpandedEvents ?? false,
  };
  if (header && header.pipeline.length > 0) {
    const EJSON = EJSONLib();
    options.pipeline = (EJSON.deserialize({ p: header.pipeline }, { relaxed: false }) as { p: unknown[] }).p;
  }
  return options;
}
