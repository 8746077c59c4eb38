// Recording and masking as they cross the bridge: what a panel's snapshot says about its source (what
// it can do, whether it is a recording, whether masking is on) and the panel's export / replay asks.
// The host runs the dialogs; the webview only says which events the person means.
import * as v from 'valibot';
import { request, SeqSchema } from './envelope';

/** What the panel's source can do: a recording cannot pause, take options or restart. */
export interface PanelCapabilities {
  pause: boolean;
  options: boolean;
  restart: boolean;
}

/** The field masking in force on the host (patterns only, never a value). */
export interface PanelMasking {
  fields: string[];
}

/** The recording a read-only panel shows. */
export interface PanelRecording {
  fileName: string;
  exportedAt?: string;
  read: number;
  kept: number;
  problems: number;
  /** Patterns that masked the events when they were recorded. */
  masking?: string[];
}

const OpName = v.pipe(v.string(), v.maxLength(40));

export const recordingRequests = {
  /**
   * Exports this panel's events: every buffered one, those of the chosen operations / matching a
   * quick-filter text, or the given seqs. The host asks for the format and the file.
   */
  exportEvents: request<{ started: boolean }>()(
    v.object({
      ops: v.optional(v.pipe(v.array(OpName), v.maxLength(50))),
      filter: v.optional(v.pipe(v.string(), v.maxLength(2000))),
      seqs: v.optional(v.pipe(v.array(SeqSchema), v.maxLength(100_000))),
    }),
  ),
  /** Replays this panel's events to a collection the person picks (dry run and confirmations on the host). */
  replayEvents: request<{ started: boolean }>()(v.object({})),
};
