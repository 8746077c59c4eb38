// What both client suites expect: the BSON types their scenarios store (field name, MongoDB's type name).

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
