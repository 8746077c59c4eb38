// Entry of the watch and connection commands' bundle (dist/chunks/commandsChunk.js): Watch…, Stop,
// Pause, Clear, Add/Edit/Rename/Remove/Test Connection, required on the first such command or start.
export { ConnectionCommands } from '../commands/connectionCommands';
export { WatchCommands } from '../commands/watchCommands';
