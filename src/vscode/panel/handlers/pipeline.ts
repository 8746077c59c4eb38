// The pipeline editor's requests: validate text as it is typed, apply it (the watch reopens from its
// last token through setOptions: no gap, no duplicate; a refused pipeline leaves the old one running),
// completion data, history and saved pipelines, "Edit in Editor" and "Copy Watch as Code".
// The parser and codegen are required from their lazy chunk (dist/chunks/pipelineChunk.js) on first use.
import type { Watch } from '../../../core/watch/watch';
import type { WatchOptionsError } from '../../../core/watch/watchSession';
import type { ApplyPipelineResult, PipelineLibrary } from '../../../shared/protocol';
import type { RequestHandlers } from '../handlers';
import type { InspectorContext } from './context';
import type { PipelineGlue } from './pipelineGlue';

export type { PipelineGlue } from './pipelineGlue';

type WatchChunk = typeof import('../../chunks/watchChunk');
const watchChunk = (): WatchChunk => require('../../chunks/watchChunk') as WatchChunk;
type PipelineChunk = typeof import('../../chunks/pipelineChunk');
let chunk: PipelineChunk | undefined;
export const pipelineChunk = (): PipelineChunk => (chunk ??= require('../../chunks/pipelineChunk') as PipelineChunk);

/** The text each watch's pipeline was applied with (a reload loses it: then it is rendered from the options). */
const appliedTexts = new WeakMap<Watch, string>();

export function currentPipelineText(watch: Watch): string {
  const known = appliedTexts.get(watch);
  const { samePipeline, checkText, pipelineTextOf } = pipelineChunk();
  if (known !== undefined) {
    const c = checkText(known);
    const current = c.ok ? c.canonical : undefined;
    if (current && samePipeline(current, watch.options.pipeline)) return known;
  }
  return pipelineTextOf(watch.options.pipeline);
}

/**
 * Checks the text and, if it passes, reopens the watch with it from its last token. A refused open
 * comes back as the server's error (code and message verbatim); the previous pipeline keeps running.
 */
export async function applyPipelineText(
  watch: Watch,
  text: string,
  glue: PipelineGlue | undefined,
): Promise<ApplyPipelineResult> {
  const { checkText, withPipeline } = pipelineChunk();
  const checked = checkText(text);
  if (!checked.ok) return { applied: false, diagnostics: checked.diagnostics };
  try {
    const options = await watch.setOptions(withPipeline(watch.options, checked.canonical));
    appliedTexts.set(watch, text);
    if (glue) {
      await glue.library.recordApplied(watch.target, text);
      glue.applied(watch, text);
    }
    return { applied: true, options, warnings: checked.warnings, text };
  } catch (err) {
    // The session's module is the watch chunk's (the watch exists, so it is loaded).
    if (!(err instanceof watchChunk().WatchOptionsError)) throw err;
    const e = (err as WatchOptionsError).error;
    const error = {
      code: e.code,
      message: e.message,
      action: `${e.action} The previous pipeline is still running.`,
      ...(e.serverCode !== undefined ? { serverCode: e.serverCode } : {}),
    };
    return { applied: false, diagnostics: [], error };
  }
}

function library(ctx: InspectorContext): PipelineLibrary {
  const glue = ctx.pipeline;
  return {
    current: currentPipelineText(ctx.watch),
    history: glue?.library.history(ctx.watch.target) ?? [],
    saved: glue?.library.saved() ?? [],
  };
}

const NO_GLUE = 'This panel cannot do that here.';

export const pipelineHandlers: RequestHandlers<
  InspectorContext,
  | 'validatePipeline'
  | 'applyPipeline'
  | 'getPipelineAssist'
  | 'getPipelineLibrary'
  | 'savePipeline'
  | 'deleteSavedPipeline'
  | 'editPipelineInEditor'
  | 'copyWatchAsCode'
> = {
  validatePipeline: ({ text }, ctx) => {
    ctx.pipeline?.draftChanged(ctx.watch, text);
    return pipelineChunk().checkResult(text);
  },
  applyPipeline: ({ text }, ctx) => applyPipelineText(ctx.watch, text, ctx.pipeline),
  getPipelineAssist: (_p, { watch }) => pipelineChunk().assistFor(watch.log),
  getPipelineLibrary: (_p, ctx) => library(ctx),
  savePipeline: async ({ name, text }, ctx) => {
    await ctx.pipeline?.library.save(name, text);
    return library(ctx);
  },
  deleteSavedPipeline: async ({ name }, ctx) => {
    await ctx.pipeline?.library.delete(name);
    return library(ctx);
  },
  editPipelineInEditor: async ({ text }, ctx) => ({
    opened: ctx.pipeline ? await ctx.pipeline.openInEditor(ctx.watch, text) : false,
  }),
  copyWatchAsCode: async ({ language }, ctx) =>
    ctx.pipeline
      ? // The code itself stays on the host (clipboard); the panel only hears whether it was copied.
        ctx.pipeline.copyAsCode(ctx.watch, language).then(({ code: _code, ...said }) => said)
      : { copied: false, message: NO_GLUE },
};
