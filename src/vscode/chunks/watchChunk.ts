// Entry of the watch session's bundle (dist/chunks/watchChunk.js): the state machine, the cursor
// loop and the error rules, required when the first watch is created.
export { WatchSession, WatchOptionsError } from '../../core/watch/watchSession';
