// $changeStreamSplitLargeEvent: cuts an event over 16 MB into fragments of whole top-level
// fields, each carrying its own resume token and splitEvent {fragment, of}.
import { BSON } from 'bson';
import { CommandError } from '../base/errors';
import type { Doc } from '../base/values';
import { encodeToken } from './token';

const LIMIT = 16 * 1024 * 1024;
const RESERVE = 1024; // room for _id and splitEvent in every fragment

export function splitEvent(ev: Doc, t: number, i: number, txnOpIndex = 0): Doc[] {
  const groups: Doc[] = [];
  let cur: Doc = {};
  let size = 5;
  for (const [k, v] of Object.entries(ev)) {
    if (k === '_id') continue;
    const s = BSON.calculateObjectSize({ [k]: v }) - 5;
    if (s + RESERVE > LIMIT) {
      throw new CommandError(
        7182803,
        `Could not split a change event into fragments under the BSON size limit: field '${k}' alone is ${s} bytes`,
      );
    }
    if (size + s + RESERVE > LIMIT && Object.keys(cur).length) {
      groups.push(cur);
      cur = {};
      size = 5;
    }
    cur[k] = v;
    size += s;
  }
  if (Object.keys(cur).length) groups.push(cur);
  return groups.map((g, n) => ({
    _id: encodeToken(t, i, false, n + 1, txnOpIndex),
    splitEvent: { fragment: n + 1, of: groups.length },
    ...g,
  }));
}
