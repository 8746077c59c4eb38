// Table-driven: every bad pipeline text gets one exact message at one exact position, and every good
// one parses to the BSON values it spells. Positions are 1-based line:column plus the underlined text.
import { strict as assert } from 'node:assert';
import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId, type Timestamp } from 'bson';
import { checkPipelineText } from '../../../../src/core/pipeline';

// [text, code, 'line:column', underlined text, message]
const BAD: [string, string, string, string, string][] = [
  ["[{a: 'x", 'SYNTAX', '1:6', "'", 'Unterminated string constant.'],
  ['[{a: "x\n}]', 'SYNTAX', '1:6', '"', 'Unterminated string constant.'],
  ['[{a: 1} {b: 2}]', 'SYNTAX', '1:9', '{', 'Unexpected token.'],
  ['[{$match: {a: 1}}', 'SYNTAX', '1:17', '}', 'Unexpected token: the text ends before the pipeline is complete.'],
  ['[{$match: {a 1}}]', 'SYNTAX', '1:14', '1', 'Unexpected token.'],
  ['[\n  { $match: { a: 1 } },\n  { $match: { b: } }\n]', 'SYNTAX', '3:18', '}', 'Unexpected token.'],
  ['[{$match: {a: 1}}]]', 'SYNTAX', '1:19', ']', 'Unexpected token.'],
  ['[/* open comment', 'SYNTAX', '1:2', '/', 'Unterminated comment.'],
  ['[{a: `x}]', 'SYNTAX', '1:7', 'x', 'Unterminated template.'],
  ['[{a: /abc}]', 'SYNTAX', '1:7', 'a', 'Unterminated regular expression.'],
  ['[{$match: {a: 1}};]', 'SYNTAX', '1:18', ';', 'Unexpected token.'],
  ['[{$match: {"a": 1,, "b": 2}}]', 'SYNTAX', '1:19', ',', 'Unexpected token.'],
  ['[{$match: {a: 0x}}]', 'SYNTAX', '1:17', '}', 'Expected number in radix 16.'],
  ['[{$match: {a: 1e}}]', 'SYNTAX', '1:15', '1', 'Invalid number.'],
  [')', 'SYNTAX', '1:1', ')', 'Unexpected token.'],
  ['[{$match: {a: 1}}] garbage', 'SYNTAX', '1:20', 'g', 'Unexpected token.'],
  ['[{$match: {a: ObjectId(}}]', 'SYNTAX', '1:24', '}', 'Unexpected token.'],
  [
    '[{a: foo}]',
    'UNSUPPORTED_EXPRESSION',
    '1:6',
    'foo',
    'foo cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{a: process.exit(1)}]',
    'UNSUPPORTED_EXPRESSION',
    '1:6',
    'process.exit(1)',
    'process.exit(1) cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{a: require("fs")}]',
    'UNSUPPORTED_EXPRESSION',
    '1:6',
    'require("fs")',
    'require("fs") cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{a: this}]',
    'UNSUPPORTED_EXPRESSION',
    '1:6',
    'this',
    'this cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{a: x => x}]',
    'UNSUPPORTED_EXPRESSION',
    '1:8',
    '=>',
    'A function cannot be part of a change-stream pipeline: it is never run, and $where and $function are not accepted there.',
  ],
  [
    '[{$match: {$where: function() { return true }}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:20',
    'function',
    'A function cannot be part of a change-stream pipeline: it is never run, and $where and $function are not accepted there.',
  ],
  [
    '[{[x]: 1}]',
    'UNSUPPORTED_EXPRESSION',
    '1:3',
    '[x]',
    'The key [x] is not a plain key: computed keys, shorthand properties and methods are not accepted.',
  ],
  [
    '[{a}]',
    'UNSUPPORTED_EXPRESSION',
    '1:3',
    'a',
    'The key a is not a plain key: computed keys, shorthand properties and methods are not accepted.',
  ],
  ['[1,,2]', 'UNSUPPORTED_EXPRESSION', '1:4', ',', 'This comma leaves an empty element in the array.'],
  [
    '[{$match: {a: [1,,2]}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:18',
    ',',
    'This comma leaves an empty element in the array.',
  ],
  [
    '[{$match: {a: `tpl`}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:15',
    '`tpl`',
    '`tpl` cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{$match: {a: new Foo()}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:15',
    'new Foo()',
    'new Foo() cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{$match: {a: globalThis}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:15',
    'globalThis',
    'globalThis cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{$match: {a: constructor}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:15',
    'constructor',
    'constructor cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{$match: {a: Object.prototype}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:15',
    'Object.prototype',
    'Object.prototype cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{$match: {a: (1, 2)}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:15',
    '(1, 2)',
    '(1, 2) cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{$match: {a: a = 1}}]',
    'UNSUPPORTED_EXPRESSION',
    '1:15',
    'a = 1',
    'a = 1 cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.',
  ],
  [
    '[{a: ObjectId("zz")}]',
    'INVALID_VALUE',
    '1:6',
    'ObjectId("zz")',
    'ObjectId("zz") is not a valid value: input must be a 24 character hex string, 12 byte Uint8Array, or an integer.',
  ],
  [
    '[{a: ISODate("nope")}]',
    'INVALID_VALUE',
    '1:6',
    'ISODate("nope")',
    'ISODate("nope") is not a valid value: "nope" is not a valid ISODate.',
  ],
  [
    '[{a: NumberDecimal("abc")}]',
    'INVALID_VALUE',
    '1:6',
    'NumberDecimal("abc")',
    'NumberDecimal("abc") is not a valid value: abc not a valid Decimal128 string.',
  ],
  [
    '[{a: new Date("x")}]',
    'INVALID_VALUE',
    '1:6',
    'new Date("x")',
    'This date is not a valid date (it reads as "Invalid Date").',
  ],
  [
    '[{a: {"$oid": "zz"}}]',
    'INVALID_VALUE',
    '1:6',
    '{"$oid": "zz"}',
    'This Extended JSON value is not valid: input must be a 24 character hex string, 12 byte Uint8Array, or an integer.',
  ],
  [
    '[{a: {"$numberLong": "x"}}]',
    'INVALID_VALUE',
    '1:6',
    '{"$numberLong": "x"}',
    'This Extended JSON value is not valid: $numberLong string "x" is in an invalid format.',
  ],
  [
    '[{a: {"$date": "not a date"}}]',
    'INVALID_VALUE',
    '1:6',
    '{"$date": "not a date"}',
    'This date is not a valid date (it reads as "Invalid Date").',
  ],
  [
    '[{__proto__: {x: 1}}]',
    'FORBIDDEN_KEY',
    '1:3',
    '__proto__',
    'The key __proto__ is not accepted: JavaScript tools read it as an object prototype, not a field.',
  ],
  [
    '[{$match: {"__proto__": 1}}]',
    'FORBIDDEN_KEY',
    '1:12',
    '"__proto__"',
    'The key __proto__ is not accepted: JavaScript tools read it as an object prototype, not a field.',
  ],
  [
    "[{$match: {a: {'__proto__': {polluted: true}}}}]",
    'FORBIDDEN_KEY',
    '1:16',
    "'__proto__'",
    'The key __proto__ is not accepted: JavaScript tools read it as an object prototype, not a field.',
  ],
  [
    '{$match: {a: 1}}',
    'NOT_AN_ARRAY',
    '1:1',
    '{$match: {a: 1}}',
    'A pipeline is an array of stages, and this is not an array.',
  ],
  ['"text"', 'NOT_AN_ARRAY', '1:1', '"text"', 'A pipeline is an array of stages, and this is not an array.'],
  ['42', 'NOT_AN_ARRAY', '1:1', '42', 'A pipeline is an array of stages, and this is not an array.'],
  ['null', 'NOT_AN_ARRAY', '1:1', 'null', 'A pipeline is an array of stages, and this is not an array.'],
  ['{a: 1}', 'NOT_AN_ARRAY', '1:1', '{a: 1}', 'A pipeline is an array of stages, and this is not an array.'],
  [
    '[1]',
    'STAGE_NOT_DOCUMENT',
    '1:2',
    '1',
    'Stage 1 is not a document: each stage is written { $stageName: { ... } }.',
  ],
  [
    '["$match"]',
    'STAGE_NOT_DOCUMENT',
    '1:2',
    '"$match"',
    'Stage 1 is not a document: each stage is written { $stageName: { ... } }.',
  ],
  [
    '[[{$match: {}}]]',
    'STAGE_NOT_DOCUMENT',
    '1:2',
    '[{$match: {}}]',
    'Stage 1 is not a document: each stage is written { $stageName: { ... } }.',
  ],
  [
    '[null]',
    'STAGE_NOT_DOCUMENT',
    '1:2',
    'null',
    'Stage 1 is not a document: each stage is written { $stageName: { ... } }.',
  ],
  ['[{}]', 'STAGE_EMPTY', '1:2', '{}', 'Stage 1 is an empty document; a stage names exactly one operator.'],
  [
    '[{$match: {a: 1}, $project: {a: 1}}]',
    'STAGE_MANY_KEYS',
    '1:19',
    '$project',
    'Stage 1 names 2 operators ($match, $project); a stage names exactly one.',
  ],
  [
    '[\n  {$match: {}},\n  {$set: {a: 1}, $unset: "b"}\n]',
    'STAGE_MANY_KEYS',
    '3:18',
    '$unset',
    'Stage 2 names 2 operators ($set, $unset); a stage names exactly one.',
  ],
  [
    '[{$group: {_id: 1}}]',
    'STAGE_NOT_ALLOWED',
    '1:3',
    '$group',
    'Stage 1 uses $group, which a change stream does not accept.',
  ],
  [
    '[{$lookup: {from: "x", localField: "a", foreignField: "b", as: "c"}}]',
    'STAGE_NOT_ALLOWED',
    '1:3',
    '$lookup',
    'Stage 1 uses $lookup, which a change stream does not accept.',
  ],
  [
    '[{$sort: {a: 1}}]',
    'STAGE_NOT_ALLOWED',
    '1:3',
    '$sort',
    'Stage 1 uses $sort, which a change stream does not accept.',
  ],
  [
    '[{$limit: 5}]',
    'STAGE_NOT_ALLOWED',
    '1:3',
    '$limit',
    'Stage 1 uses $limit, which a change stream does not accept.',
  ],
  ['[{$out: "x"}]', 'STAGE_NOT_ALLOWED', '1:3', '$out', 'Stage 1 uses $out, which a change stream does not accept.'],
  [
    '[{match: {}}]',
    'STAGE_NOT_ALLOWED',
    '1:3',
    'match',
    'Stage 1 uses match, which a change stream does not accept. Did you mean $match?',
  ],
  [
    '[{project: {a: 1}}]',
    'STAGE_NOT_ALLOWED',
    '1:3',
    'project',
    'Stage 1 uses project, which a change stream does not accept. Did you mean $project?',
  ],
  [
    '[{$match: {}}, {$unwind: "$a"}]',
    'STAGE_NOT_ALLOWED',
    '1:17',
    '$unwind',
    'Stage 2 uses $unwind, which a change stream does not accept.',
  ],
  [
    '[{$changeStream: {}}]',
    'STAGE_NOT_ALLOWED',
    '1:3',
    '$changeStream',
    'Stage 1 uses $changeStream, which a change stream does not accept.',
  ],
  ['[{$foo: 1}]', 'STAGE_NOT_ALLOWED', '1:3', '$foo', 'Stage 1 uses $foo, which a change stream does not accept.'],
  [
    '[{$changeStreamSplitLargeEvent: {}}, {$match: {}}]',
    'SPLIT_NOT_LAST',
    '1:3',
    '$changeStreamSplitLargeEvent',
    '$changeStreamSplitLargeEvent is stage 1 of 2, but it must be the last stage.',
  ],
  [
    '[{$match: {}}, {$changeStreamSplitLargeEvent: {}}, {$project: {a: 1}}]',
    'SPLIT_NOT_LAST',
    '1:17',
    '$changeStreamSplitLargeEvent',
    '$changeStreamSplitLargeEvent is stage 2 of 3, but it must be the last stage.',
  ],
  [
    '[{$project: {_id: 0}}]',
    'ID_REMOVED',
    '1:14',
    '_id',
    "Stage 1 ($project) excludes _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$project: {_id: false, a: 1}}]',
    'ID_REMOVED',
    '1:14',
    '_id',
    "Stage 1 ($project) excludes _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$project: {a: 1, _id: NumberInt(0)}}]',
    'ID_REMOVED',
    '1:20',
    '_id',
    "Stage 1 ($project) excludes _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$project: {_id: "$fullDocument._id"}}]',
    'ID_MODIFIED',
    '1:14',
    '_id',
    "Stage 1 ($project) sets _id to a new value: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$project: {"_id._data": 0}}]',
    'ID_REMOVED',
    '1:14',
    '"_id._data"',
    "Stage 1 ($project) excludes _id._data: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$unset: "_id"}]',
    'ID_REMOVED',
    '1:3',
    '$unset',
    "Stage 1 ($unset) removes _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$unset: ["a", "_id"]}]',
    'ID_REMOVED',
    '1:17',
    '"_id"',
    "Stage 1 ($unset) removes _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$unset: ["_id._data"]}]',
    'ID_REMOVED',
    '1:12',
    '"_id._data"',
    "Stage 1 ($unset) removes _id._data: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$set: {_id: 1}}]',
    'ID_MODIFIED',
    '1:10',
    '_id',
    "Stage 1 ($set) sets _id to a new value: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$addFields: {_id: "$fullDocument._id"}}]',
    'ID_MODIFIED',
    '1:16',
    '_id',
    "Stage 1 ($addFields) sets _id to a new value: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$set: {"_id.x": 1}}]',
    'ID_MODIFIED',
    '1:10',
    '"_id.x"',
    "Stage 1 ($set) sets _id.x to a new value: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$set: {_id: "$$REMOVE"}}]',
    'ID_REMOVED',
    '1:10',
    '_id',
    "Stage 1 ($set) removes _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceWith: "$fullDocument"}]',
    'ID_NOT_KEPT',
    '1:3',
    '$replaceWith',
    "Stage 1 ($replaceWith) replaces the event with $fullDocument: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceRoot: {newRoot: "$fullDocument"}}]',
    'ID_NOT_KEPT',
    '1:18',
    'newRoot',
    "Stage 1 ($replaceRoot) replaces the event with $fullDocument: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceRoot: {}}]',
    'ID_NOT_KEPT',
    '1:3',
    '$replaceRoot',
    "Stage 1 ($replaceRoot) has no newRoot: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceWith: {a: "$fullDocument.a"}}]',
    'ID_NOT_KEPT',
    '1:3',
    '$replaceWith',
    "Stage 1 ($replaceWith) builds a new root without _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceWith: {_id: "$documentKey._id", a: 1}}]',
    'ID_MODIFIED',
    '1:18',
    '_id',
    "Stage 1 ($replaceWith) sets _id to a new value: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceWith: {$mergeObjects: [{_id: "$_id"}, "$fullDocument"]}}]',
    'ID_NOT_KEPT',
    '1:49',
    '"$fullDocument"',
    "Stage 1 ($replaceWith) lets $fullDocument overwrite _id (or leaves the token out): _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceWith: {$mergeObjects: ["$fullDocument"]}}]',
    'ID_NOT_KEPT',
    '1:34',
    '"$fullDocument"',
    "Stage 1 ($replaceWith) lets $fullDocument overwrite _id (or leaves the token out): _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceWith: {$mergeObjects: ["$fullDocument", {_id: 1}]}}]',
    'ID_MODIFIED',
    '1:52',
    '_id',
    "Stage 1 ($replaceWith) sets _id to a new value: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$replaceWith: 5}]',
    'ID_NOT_KEPT',
    '1:3',
    '$replaceWith',
    "Stage 1 ($replaceWith) replaces the event with a value that has no _id: _id is the event's resume token, and the stream would fail with error 280 on the next event.",
  ],
  [
    '[{$match: {a: 1, a: 2}}]',
    'DUPLICATE_KEY',
    '1:18',
    'a',
    'The key a appears twice in this document; only the last one would be kept.',
  ],
  [
    '[{$match: {status: "a", "status": "b"}}]',
    'DUPLICATE_KEY',
    '1:25',
    '"status"',
    'The key status appears twice in this document; only the last one would be kept.',
  ],
  [
    '[{$match: {}, $match: {}}]',
    'DUPLICATE_KEY',
    '1:15',
    '$match',
    'The key $match appears twice in this document; only the last one would be kept.',
  ],
];

// [text, what the first stage must hold]
const GOOD: [string, (p: Record<string, unknown>[]) => void][] = [
  ['[]', (p) => assert.deepEqual(p, [])],
  ['', (p) => assert.deepEqual(p, [])],
  ['  // nothing yet\n', (p) => assert.deepEqual(p, [])],
  ["[{$match: {operationType: 'insert'}}]", (p) => assert.deepEqual(p, [{ $match: { operationType: 'insert' } }])],
  ['[{"$match": {"operationType": "insert"}}]', (p) => assert.deepEqual(p, [{ $match: { operationType: 'insert' } }])],
  ['[{$match: {a: 1,},},]', (p) => assert.deepEqual(p, [{ $match: { a: 1 } }])],
  ['[/* c */ {$match: {a: 1}} // trailing\n]', (p) => assert.deepEqual(p, [{ $match: { a: 1 } }])],
  [
    "[{$match: {'fullDocument.total': {$gte: 1000}, operationType: {$in: ['insert', 'update']}}}]",
    (p) =>
      assert.deepEqual(p[0], {
        $match: { 'fullDocument.total': { $gte: 1000 }, operationType: { $in: ['insert', 'update'] } },
      }),
  ],
  [
    '[{$match: {"documentKey._id": ObjectId("65a5b8c0f1e2d3c4b5a69788")}}]',
    (p) => assert.ok(stage(p)['documentKey._id'] instanceof ObjectId),
  ],
  [
    '[{$match: {a: {"$oid": "65a5b8c0f1e2d3c4b5a69788"}}}]',
    (p) => assert.equal((stage(p).a as ObjectId).toHexString(), '65a5b8c0f1e2d3c4b5a69788'),
  ],
  [
    '[{$match: {wallTime: {$gte: ISODate("2024-01-15T10:00:00Z")}}}]',
    (p) => assert.equal((stage(p).wallTime as { $gte: Date }).$gte.toISOString(), '2024-01-15T10:00:00.000Z'),
  ],
  [
    '[{$match: {d: {"$date": "2024-01-15T10:00:00Z"}}}]',
    (p) => assert.equal((stage(p).d as Date).toISOString(), '2024-01-15T10:00:00.000Z'),
  ],
  [
    '[{$match: {d: {"$date": {"$numberLong": "1705312800000"}}}}]',
    (p) => assert.equal((stage(p).d as Date).getTime(), 1705312800000),
  ],
  ['[{$match: {d: new Date(0)}}]', (p) => assert.equal((stage(p).d as Date).getTime(), 0)],
  ['[{$match: {x: NumberDecimal("1.50")}}]', (p) => assert.equal((stage(p).x as Decimal128).toString(), '1.50')],
  ['[{$match: {x: {"$numberDecimal": "9.99"}}}]', (p) => assert.ok(stage(p).x instanceof Decimal128)],
  [
    '[{$match: {l: NumberLong("9007199254740993")}}]',
    (p) => assert.equal((stage(p).l as Long).toString(), '9007199254740993'),
  ],
  ['[{$match: {l: {"$numberLong": "42"}}}]', (p) => assert.ok(stage(p).l instanceof Long)],
  ['[{$match: {i: NumberInt(7)}}]', (p) => assert.equal((stage(p).i as Int32).value, 7)],
  ['[{$match: {i: {"$numberInt": "7"}}}]', (p) => assert.ok(stage(p).i instanceof Int32)],
  ['[{$match: {f: Double(5)}}]', (p) => assert.ok(stage(p).f instanceof Double)],
  ['[{$match: {f: {"$numberDouble": "5.0"}}}]', (p) => assert.ok(stage(p).f instanceof Double)],
  [
    '[{$match: {clusterTime: {$gt: Timestamp(1705312800, 1)}}}]',
    (p) => assert.equal((stage(p).clusterTime as { $gt: Timestamp }).$gt.t, 1705312800),
  ],
  ['[{$match: {t: {"$timestamp": {"t": 5, "i": 7}}}}]', (p) => assert.equal((stage(p).t as Timestamp).i, 7)],
  ['[{$match: {b: BinData(0, "YWJj")}}]', (p) => assert.equal((stage(p).b as Binary).toString('utf8'), 'abc')],
  ['[{$match: {b: {"$binary": {"base64": "YWJj", "subType": "00"}}}}]', (p) => assert.ok(stage(p).b instanceof Binary)],
  [
    '[{$match: {u: UUID("0123456789abcdef0123456789abcdef")}}]',
    (p) => assert.equal((stage(p).u as Binary).sub_type, 4),
  ],
  ['[{$match: {name: /^ada/i}}]', (p) => assert.equal(String(stage(p).name), '/^ada/i')],
  [
    '[{$match: {name: {"$regularExpression": {"pattern": "^a", "options": "i"}}}}]',
    (p) => assert.ok(stage(p).name instanceof BSONRegExp),
  ],
  [
    '[{$match: {name: {$regex: "^a", $options: "i"}}}]',
    (p) => assert.deepEqual(stage(p).name, { $regex: '^a', $options: 'i' }),
  ],
  ['[{$match: {n: -5, m: +3, k: 1e3, h: 0x10}}]', (p) => assert.deepEqual(stage(p), { n: -5, m: 3, k: 1000, h: 16 })],
  ['[{$match: {n: Math.max(1, 2)}}]', (p) => assert.equal(stage(p).n, 2)],
  ['[{$match: {s: "it\\u0027s \\"quoted\\""}}]', (p) => assert.equal(stage(p).s, 'it\'s "quoted"')],
  [
    "[{$match: {'a.b.c': null, t: true, f: false}}]",
    (p) => assert.deepEqual(stage(p), { 'a.b.c': null, t: true, f: false }),
  ],
  [
    '[{$match: {constructor: 1, prototype: 2, toString: 3}}]',
    (p) => assert.deepEqual(Object.keys(stage(p)), ['constructor', 'prototype', 'toString']),
  ],
  ['[{$project: {"fullDocument.n": 1, operationType: 1}}]', (p) => assert.ok('$project' in p[0])],
  ['[{$project: {_id: 1, a: 1}}]', (p) => assert.ok('$project' in p[0])],
  ['[{$project: {a: 0}}]', (p) => assert.ok('$project' in p[0])],
  ['[{$addFields: {eventId: "$_id", total: "$fullDocument.total"}}]', (p) => assert.ok('$addFields' in p[0])],
  ['[{$set: {_id: "$_id"}}]', (p) => assert.ok('$set' in p[0])],
  ['[{$unset: ["fullDocument.secret", "lsid"]}]', (p) => assert.ok('$unset' in p[0])],
  ['[{$unset: "txnNumber"}]', (p) => assert.ok('$unset' in p[0])],
  ['[{$replaceWith: {$mergeObjects: ["$fullDocument", {_id: "$_id"}]}}]', (p) => assert.ok('$replaceWith' in p[0])],
  ['[{$replaceRoot: {newRoot: "$$ROOT"}}]', (p) => assert.ok('$replaceRoot' in p[0])],
  ['[{$replaceWith: {_id: "$_id", op: "$operationType"}}]', (p) => assert.ok('$replaceWith' in p[0])],
  [
    '[{$redact: {$cond: [{$eq: ["$ns.coll", "secret"]}, "$$PRUNE", "$$DESCEND"]}}]',
    (p) => assert.ok('$redact' in p[0]),
  ],
  ['[{$match: {}}, {$changeStreamSplitLargeEvent: {}}]', (p) => assert.equal(p.length, 2)],
  ['[{$match: {a: 1}}, {$match: {b: 2}}, {$project: {c: 1}}]', (p) => assert.equal(p.length, 3)],
  ['\ufeff[{$match: {a: 1}}]', (p) => assert.equal(p.length, 1)],
];

function stage(p: Record<string, unknown>[]): Record<string, unknown> {
  return Object.values(p[0])[0] as Record<string, unknown>;
}

describe('pipeline text: parse and validate', () => {
  it('covers at least 100 good and bad inputs', () =>
    assert.ok(BAD.length + GOOD.length >= 100, `${BAD.length + GOOD.length}`));

  for (const [text, code, at, underlined, message] of BAD) {
    it(`refuses ${JSON.stringify(text).slice(0, 70)} with ${code} at ${at}`, () => {
      const r = checkPipelineText(text);
      assert.equal(r.ok, false);
      if (r.ok) return;
      const d = r.diagnostics.find((x) => x.severity === 'error');
      assert.ok(d, 'an error');
      assert.equal(d.code, code);
      assert.equal(`${d.line}:${d.column}`, at);
      assert.equal(text.slice(d.from, d.to), underlined);
      assert.equal(d.message, message);
      assert.ok(d.action.length > 10, 'says what to do next');
      assert.ok(!d.message.includes('\n'), 'one sentence, not the parser dump');
    });
  }

  for (const [text, check] of GOOD) {
    it(`accepts ${JSON.stringify(text).slice(0, 70)}`, () => {
      const r = checkPipelineText(text);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.diagnostics));
      check(r.pipeline as Record<string, unknown>[]);
    });
  }
});
