// Reading the log: one event in full, or a window of summaries.
import type { RequestHandlers } from '../handlers';
import type { InspectorContext } from './context';

export const eventHandlers: RequestHandlers<InspectorContext, 'getEvent' | 'getSummaries'> = {
  getEvent: ({ seq }, { watch }) => watch.log.detail(seq) ?? null,
  getSummaries: ({ fromSeq, count }, { watch }) => watch.log.summaries(Math.max(fromSeq, watch.log.firstSeq), count),
};
