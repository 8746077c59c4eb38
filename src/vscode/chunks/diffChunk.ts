// Entry of the diff bundle (dist/chunks/diffChunk.js): bson + jsondiffpatch, required on the first diff only.
export * from '../diff/eventDiff';
