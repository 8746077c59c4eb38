// The stages MongoDB accepts in a change-stream pipeline, shared by the validator and the watch's
// error rules so the list a person is told about is the list that is checked.

/** The stages MongoDB accepts in a change-stream pipeline; $changeStreamSplitLargeEvent only last. */
export const CHANGE_STREAM_STAGES = [
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$redact',
  '$changeStreamSplitLargeEvent',
] as const;

/** "$match, $project, … and a final $changeStreamSplitLargeEvent": the allowed stages as a sentence. */
export function allowedStagesSentence(): string {
  const body = CHANGE_STREAM_STAGES.filter((s) => s !== '$changeStreamSplitLargeEvent');
  return `${body.join(', ')} and a final $changeStreamSplitLargeEvent`;
}
