// Entry of the sandbox's own bundle (dist/chunks/sandboxChunk.js), required on first use only.
export * from '../../sandbox/index';
export * as demo from '../../sandbox/demo';
