// The recording commands (issue 12): Export Events…, Open Recording…, Replay Events to Collection…,
// the panel buttons that run them (handlers/recording.ts), and what a masking change does to panels.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { RecordedSource } from '../../core/recording/recordedSource';
import type { Watch } from '../../core/watch/watch';
import { Commands } from '../commandIds';
import type { Pickers } from '../commands/pickers';
import type { Deployments } from '../connections/deployments';
import type { Notices } from '../notices';
import type { InspectorPanels } from '../panel/inspectorPanels';
import type { RecordingActions } from '../panel/handlers/recording';
import type { WatchList } from '../watches/watchList';
import type { ExportArgs } from './exportEvents';
import type { FieldMaskingSettings } from './fieldMasking';
import type { ReplayArgs } from './replayEvents';

export class RecordingCommands {
  constructor(
    private readonly panels: InspectorPanels,
    private readonly watches: WatchList,
    private readonly deployments: Deployments,
    private readonly pickers: Pickers,
    private readonly masking: FieldMaskingSettings,
    private readonly logger: Logger,
    private readonly notices: Notices,
  ) {}

  /** The panel's Export… and Replay… buttons (src/extension.ts hands them to setRecordingActions). */
  readonly actions: RecordingActions = {
    exportEvents: async (source, scope) => void (await this.export(source, { scope })),
    replayEvents: async (source) => void (await this.replay(source)),
  };

  /** A recording panel revived after a window reload reads its file again (recordingRestore.ts). */
  async reopen(path: string, id: string): Promise<RecordedSource> {
    const { reopenRecording } = await import('./openRecording');
    return reopenRecording(path, id, { mask: this.masking.mask, logger: this.logger, notices: this.notices });
  }

  /** The commands; src/extension.ts keeps the panel actions and the masking listener at activation. */
  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.exportEvents, (args?: ExportArgs) => this.export(undefined, args ?? {})),
      vscode.commands.registerCommand(Commands.openRecording, (uri?: vscode.Uri) => this.open(uri)),
      vscode.commands.registerCommand(Commands.replayEvents, (args?: ReplayArgs) => this.replay(undefined, args ?? {})),
    ];
  }

  private source(given: Watch | undefined, what: string): Watch | undefined {
    const source = given ?? this.panels.activeWatch();
    if (!source) {
      void this.notices.info(`Open an inspector panel first (watch a collection or open a recording), then ${what}.`);
    }
    return source;
  }

  private async export(given: Watch | undefined, args: ExportArgs): Promise<vscode.Uri | undefined> {
    const source = this.source(given, 'export its events');
    if (!source) return undefined;
    if (args.file && args.file.scheme !== 'file') {
      void this.notices.error('Export writes to a file on this machine: pick a local folder.');
      return undefined;
    }
    // The flows load on first use, not at activation.
    const { exportEvents } = await import('./exportEvents');
    return exportEvents(source, args, { masking: this.masking.fields, logger: this.logger, notices: this.notices });
  }

  private async open(uri: vscode.Uri | undefined): Promise<string | undefined> {
    const { openRecording, pickRecordingFile } = await import('./openRecording');
    const file = uri ?? (await pickRecordingFile());
    if (!file) return undefined;
    const source = await openRecording(file, { mask: this.masking.mask, logger: this.logger, notices: this.notices });
    if (!source) return undefined;
    this.panels.show(source);
    return source.id;
  }

  private async replay(given: Watch | undefined, args: ReplayArgs = {}): Promise<unknown> {
    const source = this.source(given, 'replay its events');
    if (!source) return undefined;
    const { replayEvents } = await import('./replayEvents');
    return replayEvents(source, args, {
      deployments: this.deployments,
      pickers: this.pickers,
      logger: this.logger,
      notices: this.notices,
    });
  }

  /** Panels show the new patterns at once; events already buffered keep what they were read with. */
  /** The field-masking setting changed. */
  maskingChanged(): void {
    this.panels.resendSnapshots();
    const buffered = this.watches.all().filter((w) => w.log.size > 0);
    if (buffered.length === 0 || this.masking.fields.length === 0) return;
    void this.notices
      .info(
        'Field masking applies to events read from now on. Events already in the buffer keep their values until cleared.',
        'Clear Buffered Events',
      )
      .then((pick) => {
        if (pick === 'Clear Buffered Events') for (const w of buffered) w.clear();
      });
  }
}
