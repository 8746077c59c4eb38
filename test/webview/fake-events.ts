// Builds fake change events (summary + canonical EJSON + token) for the webview harness, including
// hostile strings in keys, values and namespaces that must show as text and never run.
import type { EventDetail, EventSummary } from '../../src/shared/protocol';

export const HOSTILE_NS = 'shop.<img src=x onerror=alert(1)>';
export const HOSTILE_KEY = '_id: "<script>alert(2)</script>"';
export const HOSTILE_FIELD = '<img src=x onerror=alert(3)>';

const OPS = ['insert', 'update', 'update', 'replace', 'delete', 'insert', 'update'];

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

function oid(seq: number): string {
  return `6740${hex(seq * 7919, 8)}${hex(seq, 12)}`;
}

export function makeEvent(seq: number, at: number, hostile = false, op?: string): EventDetail {
  const operationType = op ?? OPS[seq % OPS.length];
  const id = oid(seq);
  const db = hostile ? 'shop' : 'shop';
  const coll = hostile ? '<img src=x onerror=alert(1)>' : seq % 5 === 0 ? 'customers' : 'orders';
  const tokenData = `82${hex(Math.floor(at / 1000), 8)}${hex(seq, 8)}2B042C0100296E5A1004${id.toUpperCase()}0004`;
  const event: Record<string, unknown> = {
    _id: { _data: tokenData },
    operationType,
    clusterTime: { $timestamp: { t: Math.floor(at / 1000), i: seq } },
    wallTime: { $date: { $numberLong: String(at) } },
    ns: { db, coll },
    documentKey: { _id: hostile ? '<script>alert(2)</script>' : { $oid: id } },
  };
  if (operationType === 'insert' || operationType === 'replace') {
    event.fullDocument = {
      _id: hostile ? '<script>alert(2)</script>' : { $oid: id },
      [hostile ? HOSTILE_FIELD : 'status']: hostile ? '<script>alert(5)</script>' : 'new',
      qty: { $numberInt: String(seq % 17) },
      price: { $numberDecimal: `${seq}.99` },
      views: { $numberLong: String(9007199254740993n + BigInt(seq)) },
      ratio: { $numberDouble: '0.25' },
      createdAt: { $date: { $numberLong: String(at) } },
      ref: { $binary: { base64: 'ASNFZ4mrze8BI0VniavN7w==', subType: '04' } },
      tags: ['a', 'b', { nested: { deep: true } }],
    };
  }
  if (operationType === 'update') {
    event.updateDescription = {
      updatedFields: { status: 'paid', [`items.${seq % 3}.qty`]: { $numberInt: '2' } },
      removedFields: ['note'],
      truncatedArrays: [],
    };
  }
  const summary: EventSummary = {
    seq,
    time: new Date(at).toISOString(),
    op: operationType,
    ns: `${db}.${coll}`,
    key: hostile ? HOSTILE_KEY : `_id: ObjectId("${id}")`,
    changed: hostile
      ? `set ${HOSTILE_FIELD}`
      : operationType === 'update'
        ? `set status, items.${seq % 3}.qty · unset note`
        : '',
    bytes: 300,
    hasPre: false,
    hasPost: operationType !== 'delete',
  };
  return { summary, ejson: JSON.stringify(event, null, 2), token: JSON.stringify(event._id) };
}
