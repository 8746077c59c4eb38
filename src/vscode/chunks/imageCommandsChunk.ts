// Entry of the image and diff commands' bundle (dist/chunks/imageCommandsChunk.js): Enable/Disable
// Pre- and Post-Images, the panel's image status and the Compare commands, required on first use only.
export { ImageCommands } from '../commands/imageCommands';
export { ImageStatusReader } from '../diff/imageStatus';
export { DiffCommands } from '../diff/diffCommands';
