// Builds the wire EventDiff of one logged event from the diff room: its images (or a rebuild from
// the earlier events of the same document in the buffer), its updateDescription, why images are
// missing. Runs inside the lazy diff chunk (bson and jsondiffpatch load on the first diff only).
import type { LoggedEvent } from '../../core/events/eventLog';
import {
  describeUpdate,
  diffCanonical,
  documentIdentity,
  imagesOf,
  parseEJSON,
  prettyImagePair,
  type ChangeRecord,
  type MissingImageContext,
} from '../../core/diff';
import type { EventDiff } from '../../shared/protocol/diff';

const DIFFABLE = new Set(['update', 'replace', 'delete']);

/** A logged event as the diff room reads it: decoded BSON plus the options it was read under. */
export function recordOf(logged: LoggedEvent): ChangeRecord {
  return {
    change: parseEJSON(logged.ejson),
    seq: logged.seq,
    fullDocument: logged.read?.fullDocument,
    fullDocumentBeforeChange: logged.read?.fullDocumentBeforeChange,
  };
}

/** Earlier events of the same document, oldest first (what reconstruction may build on). */
export function historyOf(target: ChangeRecord, earlier: readonly LoggedEvent[]): ChangeRecord[] {
  const id = documentIdentity(target.change);
  if (!id) return [];
  return earlier.map(recordOf).filter((r) => documentIdentity(r.change) === id);
}

export function eventDiff(
  logged: LoggedEvent,
  earlier: readonly LoggedEvent[],
  context: MissingImageContext = {},
): EventDiff {
  const target = recordOf(logged);
  const op = String(target.change.operationType);
  const read = logged.read && { ...logged.read };
  if (!DIFFABLE.has(op)) return { seq: logged.seq, op, applicable: false, read, missing: {} };
  const pair = imagesOf(target, historyOf(target, earlier), context);
  const out: EventDiff = {
    seq: logged.seq,
    op,
    applicable: true,
    read,
    missing: { before: pair.before.missing, after: pair.after.missing },
  };
  if (target.change.updateDescription) out.update = describeUpdate(target.change.updateDescription);
  if (pair.current !== undefined) out.current = pair.current;
  const before = pair.before.document;
  // A delete's after is "gone": diff against an empty document so every field shows as removed.
  const after = op === 'delete' ? {} : pair.after.document;
  if (before && after) {
    const d = diffCanonical(before, after);
    out.images = {
      entries: d.entries,
      counts: d.counts,
      identical: d.identical,
      reconstructed: pair.reconstructed,
      before: pair.before.source,
      after: pair.after.source,
    };
  }
  return out;
}

/** The two texts VS Code's diff editor shows for one event: pretty canonical EJSON, stable key order. */
export function imageTexts(
  logged: LoggedEvent,
  earlier: readonly LoggedEvent[],
  context: MissingImageContext = {},
): { before: string; after: string; reconstructed: boolean } {
  const target = recordOf(logged);
  const pair = imagesOf(target, historyOf(target, earlier), context);
  const texts = prettyImagePair(pair.before.document, pair.after.document ?? pair.current ?? null, { align: true });
  return { ...texts, reconstructed: pair.reconstructed };
}

/** The document as one event leaves it (its after, else its before), for comparing two events. */
export function versionText(logged: LoggedEvent, earlier: readonly LoggedEvent[]): string {
  const target = recordOf(logged);
  const pair = imagesOf(target, historyOf(target, earlier));
  const doc = pair.after.document ?? pair.current ?? pair.before.document;
  return prettyImagePair(doc ?? null, null).before;
}
