// Live insight over the watch's retained events (rates by event time, counts, lag) and the error
// banner's "explain in the Doctor" link.
import { computeInsight, seqWindowOfTimeRange } from '../../../core/insight/rates';
import { type insightNotifications, SNAPSHOT_SUMMARY_LIMIT } from '../../../shared/protocol';
import type { NotifyHandlers, RequestHandlers } from '../handlers';
import type { InspectorContext } from './context';

export const insightRequestHandlers: RequestHandlers<InspectorContext, 'getInsight' | 'eventsInTimeRange'> = {
  getInsight: ({ span, bucketMs }, { watch }) => {
    const samples = watch.log.latest(SNAPSHOT_SUMMARY_LIMIT).map((s) => ({
      at: Date.parse(s.time),
      op: s.op,
      ns: s.ns,
      clusterSeconds: s.txn?.t ?? Math.floor(Date.parse(s.time) / 1000),
    }));
    return computeInsight(samples, Date.now(), bucketMs ?? 1000, span ?? 60);
  },
  eventsInTimeRange: ({ from, to }, { watch }) =>
    seqWindowOfTimeRange(
      watch.log.firstSeq,
      watch.log.lastSeq,
      (seq) => {
        const e = watch.log.get(seq);
        return e ? Date.parse(e.summary.time) : undefined;
      },
      from,
      to,
    ),
};

export const insightNotifyHandlers: NotifyHandlers<InspectorContext, keyof typeof insightNotifications> = {
  runDoctor: ({ errorCode }, ctx) => ctx.runDoctor(ctx.watch, errorCode),
};
