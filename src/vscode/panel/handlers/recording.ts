// The panel's Export… and Replay… buttons: the webview says which events; the recording commands
// (src/vscode/recording/recordingCommands.ts) run the pickers, dialogs and progress on the host.
import type { Watch } from '../../../core/watch/watch';
import type { RequestHandlers } from '../handlers';
import type { InspectorContext } from './context';

export interface ExportScope {
  ops?: string[];
  filter?: string;
  seqs?: number[];
}

export interface RecordingActions {
  exportEvents(source: Watch, scope: ExportScope): Promise<void>;
  replayEvents(source: Watch): Promise<void>;
}

let actions: RecordingActions | undefined;

/** Set once at activation by the recording commands (tests set their own). */
export function setRecordingActions(a: RecordingActions | undefined): void {
  actions = a;
}

export const recordingHandlers: RequestHandlers<InspectorContext, 'exportEvents' | 'replayEvents'> = {
  exportEvents: ({ ops, filter, seqs }, { watch }) => {
    if (!actions) return { started: false };
    // The dialogs outlive the request: the reply only says the host took it.
    void actions.exportEvents(watch, { ops, filter, seqs });
    return { started: true };
  },
  replayEvents: (_p, { watch }) => {
    if (!actions) return { started: false };
    void actions.replayEvents(watch);
    return { started: true };
  },
};
