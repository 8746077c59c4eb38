// Entry of the pipeline bundle (dist/chunks/pipelineChunk.js): the shell parser, MongoDB's operator
// metadata, bson and codegen, required on the panel's first pipeline request only.
export * from '../pipeline/pipelineWork';
