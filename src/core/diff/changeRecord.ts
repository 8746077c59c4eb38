// The plain input the diff room reads: a change event as parsed BSON with the watch options it
// was read under (they decide what its fullDocument means), as the glue feeds it from the event log.
import type { Document } from 'bson';
import { canonicalText, toCanonical, type CanonicalValue } from './canonical';

export type FullDocumentMode = 'default' | 'updateLookup' | 'whenAvailable' | 'required';
export type BeforeChangeMode = 'off' | 'whenAvailable' | 'required';

export interface ChangeRecord {
  /** The change event (driver-decoded BSON, or EJSON.parse of the logged text). */
  change: Document;
  /**
   * The watch's fullDocument option when the event was read. When unknown, a fullDocument on an
   * update is read as updateLookup (the current document), the reading that never over-claims.
   */
  fullDocument?: FullDocumentMode;
  fullDocumentBeforeChange?: BeforeChangeMode;
  /** The event log's sequence number, echoed in reconstruction sources. */
  seq?: number;
}

/** The same document in the same collection: namespace plus documentKey, as comparable text. */
export function documentIdentity(change: Document): string | undefined {
  if (!change.documentKey || !change.ns) return undefined;
  const ns = change.ns as { db?: string; coll?: string };
  return `${ns.db}.${ns.coll} ${canonicalText(toCanonical(change.documentKey) as CanonicalValue)}`;
}

/** Seconds since the epoch at which the change happened: wallTime (6.0+) or the clusterTime. */
export function changeSeconds(change: Document): number | undefined {
  if (change.wallTime instanceof Date) return change.wallTime.getTime() / 1000;
  const ct = change.clusterTime ? (toCanonical(change.clusterTime) as { $timestamp?: { t: number } }) : undefined;
  return ct?.$timestamp ? ct.$timestamp.t : undefined;
}

export const isDocument = (v: unknown): v is Document => v !== null && typeof v === 'object' && !Array.isArray(v);
