// Public entry of the pipeline room: parse and validate pipeline text, completion/hover data,
// presets, and "copy watch as code". Plain Node library: no vscode, no protocol.
export { checkPipelineText, validatePipeline, CHANGE_STREAM_STAGES, MAX_STAGES, type PipelineCheck } from './validate';
export { parseShellText, DEFAULT_LIMITS, type ParseLimits, type ParseResult } from './parse';
export { lineColumn, type PipelineDiagnostic, type DiagnosticCode } from './diagnostic';
export {
  stageCompletions,
  queryOperatorCompletions,
  expressionCompletions,
  hoverFor,
  type PipelineCompletion,
  type CompletionFilter,
} from './completions';
export { eventFieldPaths, OPERATION_TYPES, EXPANDED_OPERATION_TYPES, type EventFieldPath } from './eventFields';
export { PIPELINE_PRESETS, type PipelinePreset } from './presets';
export { generateWatchCode, CodegenError, type CodeLanguage, type WatchCodeSpec, type WatchStart } from './codegen';
export { renderLiteral, type LiteralLanguage } from './codegen/literals';
