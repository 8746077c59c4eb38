// The recording room: export of buffered events, import of a recording file, the RecordedSource a
// panel shows, replay to a collection, and the field masking applied before events are logged.
export * from './format';
export * from './export';
export * from './import';
export * from './masking';
export * from './recordedSource';
export * from './replay';
