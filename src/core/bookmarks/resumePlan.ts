// From a bookmark to where a watch starts: resumeAfter by default, startAfter for a token of an
// invalidate event (resumeAfter refuses those with 260), or startAtOperationTime at its cluster time.
import { Timestamp, type ChangeStreamOptions, type Document } from 'mongodb';
import { driverPipeline, driverToken, pipelineText } from './bookmark';
import type { Bookmark, BookmarkWatchOptions } from './schema';

/** Where a change stream starts; the same four choices as WatchSession.start(position). */
export type StartPosition =
  | { kind: 'now' }
  | { kind: 'resumeAfter'; token: Document }
  | { kind: 'startAfter'; token: Document }
  | { kind: 'startAtOperationTime'; time: Timestamp };

export type ResumeMode = 'auto' | 'resumeAfter' | 'startAfter' | 'startAtOperationTime';

export interface CurrentWatch {
  pipeline: readonly Document[];
  options: BookmarkWatchOptions;
}

export type PlanWarningCode =
  'PIPELINE_DIFFERS' | 'OPTIONS_DIFFER' | 'SWITCHED_TO_START_AFTER' | 'INCLUDES_BOOKMARKED_EVENT';
export interface PlanWarning {
  code: PlanWarningCode;
  message: string;
}

export type ResumePlan =
  | {
      ok: true;
      position: StartPosition;
      /** The pipeline to open with: the bookmark's unless the caller chose the current one. */
      pipeline: Document[];
      options: BookmarkWatchOptions;
      warnings: PlanWarning[];
    }
  | { ok: false; code: 'NO_CLUSTER_TIME'; message: string; action: string };

export interface PlanRequest {
  mode?: ResumeMode;
  /** The watch open now, to warn when its pipeline is not the bookmark's. */
  current?: CurrentWatch;
  /** 'bookmark' (default): reopen with the bookmark's pipeline and options, for which the token is valid. */
  pipelineFrom?: 'bookmark' | 'current';
}

export function planResume(bookmark: Bookmark, request: PlanRequest = {}): ResumePlan {
  const mode = request.mode ?? 'auto';
  const warnings: PlanWarning[] = [];
  let position: StartPosition;
  if (mode === 'startAtOperationTime') {
    if (!bookmark.clusterTime) {
      return {
        ok: false,
        code: 'NO_CLUSTER_TIME',
        message: 'The time of this bookmark cannot be read from its token, so it cannot start at that time.',
        action: 'Resume after the token instead, or choose a time with "Start at time…".',
      };
    }
    position = { kind: 'startAtOperationTime', time: new Timestamp(bookmark.clusterTime) };
    warnings.push({
      code: 'INCLUDES_BOOKMARKED_EVENT',
      message:
        "Starting at the bookmark's time also shows the bookmarked event itself and any other event of the same moment.",
    });
  } else if (mode === 'startAfter' || (mode === 'auto' && bookmark.fromInvalidate)) {
    position = { kind: 'startAfter', token: driverToken(bookmark) };
  } else if (bookmark.fromInvalidate) {
    position = { kind: 'startAfter', token: driverToken(bookmark) };
    warnings.push({
      code: 'SWITCHED_TO_START_AFTER',
      message:
        'This token comes from an invalidate event: resumeAfter would fail (260), so the watch starts after it instead.',
    });
  } else {
    position = { kind: 'resumeAfter', token: driverToken(bookmark) };
  }

  const useCurrent = request.pipelineFrom === 'current' && request.current !== undefined;
  const pipeline = useCurrent ? [...request.current!.pipeline] : driverPipeline(bookmark);
  const options = useCurrent ? { ...request.current!.options } : { ...bookmark.options };
  if (request.current && pipelineText(request.current.pipeline) !== pipelineText(bookmark.pipeline)) {
    warnings.push({
      code: 'PIPELINE_DIFFERS',
      message: useCurrent
        ? 'The current pipeline is not the one this bookmark was taken with; a token is only valid with the same pipeline, so the server may refuse it or show other events.'
        : "The current pipeline is not the one this bookmark was taken with; a token is only valid with the same pipeline, so the watch reopens with the bookmark's pipeline.",
    });
  }
  if (request.current && !sameOptions(request.current.options, bookmark.options)) {
    warnings.push({
      code: 'OPTIONS_DIFFER',
      message: useCurrent
        ? "The current watch options differ from the bookmark's."
        : "The watch reopens with the bookmark's options, which differ from the current ones.",
    });
  }
  return { ok: true, position, pipeline, options, warnings };
}

/** The `watch()` options for a position (merged into the rest of the watch's options). */
export function positionOptions(
  p: StartPosition,
): Pick<ChangeStreamOptions, 'resumeAfter' | 'startAfter' | 'startAtOperationTime'> {
  switch (p.kind) {
    case 'resumeAfter':
      return { resumeAfter: p.token };
    case 'startAfter':
      return { startAfter: p.token };
    case 'startAtOperationTime':
      return { startAtOperationTime: p.time };
    default:
      return {};
  }
}

/** The full `watch(pipeline, options)` options of a successful plan: its watch options plus its position. */
export function planWatchOptions(plan: Extract<ResumePlan, { ok: true }>): ChangeStreamOptions {
  const { fullDocumentBeforeChange, ...rest } = plan.options;
  const out: ChangeStreamOptions = { ...rest, ...positionOptions(plan.position) };
  if (fullDocumentBeforeChange !== undefined && fullDocumentBeforeChange !== 'off')
    out.fullDocumentBeforeChange = fullDocumentBeforeChange;
  return out;
}

function sameOptions(a: BookmarkWatchOptions, b: BookmarkWatchOptions): boolean {
  const norm = (o: BookmarkWatchOptions) =>
    JSON.stringify([
      o.fullDocument ?? 'default',
      o.fullDocumentBeforeChange ?? 'off',
      o.showExpandedEvents ?? false,
      o.batchSize ?? null,
    ]);
  return norm(a) === norm(b);
}
