// Public entry of the bookmarks room: model, store, file exchange, resume plans, staleness, follow mode.
export * from './schema';
export * from './bookmark';
export * from './store';
export * from './exchange';
export * from './resumePlan';
export * from './startAtTime';
export * from './staleness';
export * from './resumeOutcome';
export * from './positionSaver';
