// Maps a watch (the core's EventSource) to what its panel is sent: the snapshot and the appends.
// This is where the core's domain types meet the wire types; the compiler checks they agree.
import type { EventSource } from '../../core/events/eventSource';
import { RecordedSource } from '../../core/recording/recordedSource';
import {
  MAX_WINDOW,
  PROTOCOL_VERSION,
  SNAPSHOT_SUMMARY_LIMIT,
  type AppendedParams,
  type PanelMasking,
  type PanelSnapshot,
} from '../../shared/protocol';
import type { PanelContent } from './panelHost';
import { quickAppend } from './handlers/quickFilter';

export function watchContent(
  source: () => EventSource,
  meta: () => { logId: string; reloaded: boolean; masking?: PanelMasking },
): PanelContent {
  return {
    snapshot(): PanelSnapshot {
      const w = source();
      const log = w.log;
      const { logId, reloaded, masking } = meta();
      const snapshot: PanelSnapshot = {
        protocol: PROTOCOL_VERSION,
        watchId: w.id,
        title: w.title,
        target: w.target,
        options: w.options,
        status: w.status,
        counts: log.counts(),
        total: log.total,
        firstSeq: log.firstSeq,
        lastSeq: log.lastSeq,
        summaries: log.latest(SNAPSHOT_SUMMARY_LIMIT),
        rate: w.rate(),
        evicted: log.evicted,
        logId,
        reloaded,
        capabilities: { ...w.capabilities },
      };
      // recording (issue 12): what the panel's badges and hidden controls go by.
      if (masking && masking.fields.length > 0) snapshot.masking = masking;
      if (w instanceof RecordedSource) snapshot.recording = w.info;
      return snapshot;
    },
    lastSeq: () => source().log.lastSeq,
    rate: () => source().rate(),
    appendedAfter(seq: number): AppendedParams {
      const w = source();
      const log = w.log;
      const from = Math.max(seq + 1, log.firstSeq, log.lastSeq - MAX_WINDOW + 1);
      const params: AppendedParams = {
        summaries: from <= log.lastSeq ? log.summaries(from, log.lastSeq - from + 1) : [],
        firstSeq: log.firstSeq,
        lastSeq: log.lastSeq,
        counts: log.counts(),
        total: log.total,
        rate: w.rate(),
        evicted: log.evicted,
      };
      const quick = quickAppend(log);
      if (quick) params.quick = quick;
      return params;
    },
  };
}
