// Entry of the pipeline glue's bundle (dist/chunks/pipelineGlueChunk.js): the editor document, its
// code lens and diagnostics, history and saved pipelines, copy as code. Required on the first pipeline
// command or panel pipeline request only.
export { PipelineEditing } from '../pipeline/pipelineEditing';
