// What the pipeline handlers need from the VS Code glue (history, the editor document, copy as code);
// a plain object in the handler tests.
import type { Watch } from '../../../core/watch/watch';
import type { PipelineHistoryEntry, SavedPipeline } from '../../../shared/protocol';

export interface PipelineGlue {
  library: {
    history(target: Watch['target']): PipelineHistoryEntry[];
    recordApplied(target: Watch['target'], text: string): Promise<void>;
    saved(): SavedPipeline[];
    save(name: string, text: string): Promise<SavedPipeline[]>;
    delete(name: string): Promise<SavedPipeline[]>;
  };
  /** The text now runs on the watch: tell the panel and the open document. */
  applied(watch: Watch, text: string): void;
  /** The panel's draft changed: keep an open document of the watch in sync. */
  draftChanged(watch: Watch, text: string): void;
  openInEditor(watch: Watch, text: string): Promise<boolean>;
  copyAsCode(
    watch: Watch,
    language?: string,
  ): Promise<{ copied: boolean; language?: string; message?: string; code?: string }>;
}
