// What both client suites expect: the BSON types their scenarios store (field name, MongoDB's type
// name), and the marker for scenarios waiting on a part of issue 6 that has not landed yet.

/** Field in the scenario's order document → the name MongoDB's `$type` gives it. */
export const BSON_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['double', 'double'],
  ['string', 'string'],
  ['object', 'object'],
  ['array', 'array'],
  ['binData', 'binData'],
  ['uuid', 'binData'],
  ['objectId', 'objectId'],
  ['bool', 'bool'],
  ['date', 'date'],
  ['null', 'null'],
  ['regex', 'regex'],
  ['javascript', 'javascript'],
  ['int', 'int'],
  ['timestamp', 'timestamp'],
  ['long', 'long'],
  ['decimal', 'decimal'],
  ['minKey', 'minKey'],
  ['maxKey', 'maxKey'],
];

/**
 * TEMPORARY: a scenario the sandbox does not pass yet (issue 6 item named) is pending, titled so,
 * unless CLIENTS_RUN_GAPS=1. Removed once every item has landed; the branch must not end with one.
 */
export function gap(item: string): (title: string, fn: Mocha.AsyncFunc) => void {
  return (title, fn) => {
    if (process.env.CLIENTS_RUN_GAPS === '1' || process.env.MONGODB_URI) it(title, fn);
    else it(`${title} [GAP: issue 6 ${item}]`);
  };
}
