// Shapes one oplog entry into the change event(s) a given stream sees, per MongoDB 6/7/8 docs:
// scope filtering, invalidation, fullDocument / fullDocumentBeforeChange modes, expanded events.
import { CommandError } from '../base/errors';
import type { Doc } from '../base/values';
import { keyOf } from '../base/values';
import { materialize } from '../base/lazy';
import type { Catalog } from '../storage/catalog';
import type { OplogEntry } from './oplog';
import { encodeToken } from './token';

export interface StreamScope {
  db?: string;
  coll?: string;
  cluster: boolean;
}
export interface ShapeOptions {
  scope: StreamScope;
  fullDocument: string;
  fullDocumentBeforeChange: string;
  showExpandedEvents: boolean;
}

const EXPANDED_ONLY = new Set(['create', 'createIndexes', 'dropIndexes', 'modify']);
const INTERNAL_DBS = new Set(['admin', 'config', 'local']);

export function inScope(e: OplogEntry, s: StreamScope, expanded: boolean): boolean {
  if (e.op === 'noop') return false;
  if (!expanded && EXPANDED_ONLY.has(e.op)) return false;
  if (s.cluster) return !INTERNAL_DBS.has(e.db) && !e.coll?.startsWith('system.');
  if (e.db !== s.db) return false;
  if (e.coll?.startsWith('system.')) return false;
  if (s.coll === undefined) return true;
  if (e.op === 'dropDatabase') return false; // a collection stream learns of it through its own drop entry
  return e.coll === s.coll;
}

/** True when the entry ends this stream (the invalidate event follows the entry's own event). */
export function invalidates(e: OplogEntry, s: StreamScope): boolean {
  if (s.cluster) return false;
  if (s.coll !== undefined) return (e.op === 'drop' || e.op === 'rename') && e.db === s.db && e.coll === s.coll;
  return e.op === 'dropDatabase' && e.db === s.db;
}

export function invalidateEvent(e: OplogEntry): Doc {
  return {
    _id: encodeToken(e.t, e.i, true, 0, e.opIndex),
    operationType: 'invalidate',
    clusterTime: e.ts,
    wallTime: e.wall,
  };
}

export function shapeEvent(e: OplogEntry, o: ShapeOptions, catalog: Catalog): Doc {
  const ev: Doc = {
    _id: encodeToken(e.t, e.i, false, 0, e.opIndex),
    operationType: e.op,
    clusterTime: e.ts,
    wallTime: e.wall,
  };
  if (o.showExpandedEvents && e.uuid && e.op !== 'dropDatabase') ev.collectionUUID = e.uuid;
  const ns: Doc = e.coll === undefined ? { db: e.db } : { db: e.db, coll: e.coll };
  switch (e.op) {
    case 'insert':
      ev.fullDocument = materialize(e.doc!);
      ev.ns = ns;
      ev.documentKey = e.documentKey;
      break;
    case 'replace':
      ev.fullDocument = materialize(e.doc!);
      ev.ns = ns;
      ev.documentKey = e.documentKey;
      addPreImage(ev, e, o);
      break;
    case 'update': {
      ev.ns = ns;
      ev.documentKey = e.documentKey;
      const { disambiguatedPaths, ...ud } = e.updateDescription!;
      // Before 8.2, mongod reports disambiguatedPaths only to streams with showExpandedEvents.
      if (o.showExpandedEvents) (ud as Doc).disambiguatedPaths = disambiguatedPaths;
      ev.updateDescription = ud;
      if (o.fullDocument === 'updateLookup') {
        const coll = catalog.get(e.db, e.coll!);
        ev.fullDocument = coll?.get(keyOf(e.documentKey?._id)) ?? null;
      } else if (o.fullDocument === 'whenAvailable' || o.fullDocument === 'required') {
        if (!e.post && o.fullDocument === 'required') {
          throw new CommandError(
            47,
            `Change stream was configured to require a post-image for all update events, but the post-image was not found for event: ${e.db}.${e.coll} ${keyOf(e.documentKey?._id)}`,
          );
        }
        ev.fullDocument = e.post ?? null;
      }
      addPreImage(ev, e, o);
      break;
    }
    case 'delete':
      ev.ns = ns;
      ev.documentKey = e.documentKey;
      addPreImage(ev, e, o);
      break;
    case 'rename':
      ev.ns = ns;
      ev.to = e.to;
      if (o.showExpandedEvents) ev.operationDescription = e.operationDescription ?? { to: e.to };
      break;
    case 'drop':
    case 'dropDatabase':
      ev.ns = ns;
      break;
    default:
      ev.ns = ns;
      if (e.operationDescription) ev.operationDescription = e.operationDescription;
      if (e.stateBeforeChange) ev.stateBeforeChange = e.stateBeforeChange;
  }
  if (e.txn) {
    // Events of a committed transaction name its session and number, after the other fields (as mongod).
    ev.lsid = e.txn.lsid;
    ev.txnNumber = e.txn.txnNumber;
  }
  return ev;
}

function addPreImage(ev: Doc, e: OplogEntry, o: ShapeOptions): void {
  const mode = o.fullDocumentBeforeChange;
  if (mode !== 'whenAvailable' && mode !== 'required') return;
  if (!e.pre && mode === 'required') {
    throw new CommandError(
      47,
      `Change stream was configured to require a pre-image for all update, delete and replace events, but the pre-image was not found for event: ${e.db}.${e.coll} ${keyOf(e.documentKey?._id)}`,
    );
  }
  ev.fullDocumentBeforeChange = e.pre ?? null;
}
