// The diff the host would send for a fake-stream event, computed in Node by the host's own code
// (src/vscode/diff/eventDiff.ts over the core diff room), for the fake host to answer getDiff with.
import { applyUpdate, parseEJSON, type CanonicalDocument } from '../../src/core/diff';
import type { LoggedEvent } from '../../src/core/events/eventLog';
import type { EventDiff, EventSummary } from '../../src/shared/protocol';
import { eventDiff } from '../../src/vscode/diff/eventDiff';

/** The document before an update of the fake stream; a hostile value in `note` must show as text. */
export function beforeImage(documentKeyId: CanonicalDocument['_id'], seq: number): CanonicalDocument {
  return {
    _id: documentKeyId,
    status: 'new',
    qty: { $numberInt: String(seq % 17) },
    items: [0, 1, 2].map((i) => ({ sku: `s-${i}`, qty: { $numberInt: '1' } })),
    note: 'gift <b>wrap</b> <img src=x onerror=alert(9)>',
    price: { $numberDouble: '12.5' },
  };
}

/**
 * getDiff's answer for a fake event: read with pre- and post-images (the event gets both, the after
 * one being its update applied to the before one) or read with the fake host's default options.
 */
export function fakeDiff(summary: EventSummary, ejson: string, withImages: boolean): EventDiff {
  const change = JSON.parse(ejson) as Record<string, unknown>;
  if (withImages && change.operationType === 'update') {
    const before = beforeImage((change.documentKey as CanonicalDocument)._id, summary.seq);
    change.fullDocumentBeforeChange = before;
    change.fullDocument = applyUpdate(before, parseEJSON(JSON.stringify(change.updateDescription))).document;
  }
  const text = JSON.stringify(change);
  const logged: LoggedEvent = {
    seq: summary.seq,
    summary,
    ejson: text,
    token: JSON.stringify(change._id),
    bytes: text.length,
    read: withImages
      ? { fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' }
      : { fullDocument: 'updateLookup', fullDocumentBeforeChange: 'off' },
  };
  return eventDiff(logged, []);
}
