// Entry of the error rules' bundle (dist/chunks/errorsChunk.js): classifyError and its rule table,
// required when the tree or a picker first reports a failure.
export { classifyError } from '../../core/watch/errors';
