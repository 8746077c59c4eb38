// What every inspector handler gets: the watch the panel shows and the glue actions it may call.
import type { StartPosition } from '../../../core/watch/positions';
import type { Watch } from '../../../core/watch/watch';
import type { PipelineGlue } from './pipelineGlue';
import type { BookmarkService } from '../../bookmarks/bookmarkService';
import type { TimeTravel } from '../../bookmarks/timeTravel';

/** bookmarks (issue 9): the workspace's bookmarks and the way back to them. */
export interface PanelBookmarks {
  service: BookmarkService;
  travel: TimeTravel;
}
import type { ImageStatusView } from '../../../shared/protocol/diff';

export interface InspectorContext {
  watch: Watch;
  /** Starts (or restarts) the watch, at a position when given; reports a failure to open. */
  start(watch: Watch, position?: StartPosition): Promise<void>;
  /** Copies text to the clipboard and says what was copied. */
  copy(text: string, what: string): Promise<void>;
  /** Runs the Change-Stream Doctor on the watch's target, opening at the check a watch error names. */
  runDoctor(watch: Watch, errorCode?: string): Promise<void>;
  /** Pipeline history, saved pipelines, the editor document and copy-as-code (issue 7). */
  pipeline?: PipelineGlue;
  /** bookmarks (issue 9); absent in hosts built without them. */
  bookmarks?: PanelBookmarks;
  /** Pre- and post-image recording of the watched collection (issue 8); absent where no glue gives it. */
  images?: ImageRecordingGlue;
}

export interface ImageRecordingGlue {
  status(watch: Watch): Promise<ImageStatusView>;
  /** Runs Enable / Disable Pre- and Post-Images (modal confirmation) on the watched collection, then re-reads. */
  set(watch: Watch, enabled: boolean): Promise<ImageStatusView>;
}
