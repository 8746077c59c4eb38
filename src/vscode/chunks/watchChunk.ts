// Entry of the watch session's bundle (dist/chunks/watchChunk.js): the state machine, the cursor
// loop, the error rules and the event log, required when the first watch (or recording) is made.
export { WatchSession, WatchOptionsError } from '../../core/watch/watchSession';
export { EventLog } from '../../core/events/eventLog';
