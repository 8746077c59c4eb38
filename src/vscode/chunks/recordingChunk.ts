// Entry of the recording bundle (dist/chunks/recordingChunk.js): export, open and replay of recordings,
// required on the first recording command, panel Export…/Replay… or field-masking change only.
export { RecordingCommands } from '../recording/recordingCommands';
