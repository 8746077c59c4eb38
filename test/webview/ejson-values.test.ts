// Typed EJSON leaves: each BSON wrapper in canonical EJSON reads the way mongosh prints it.
import assert from 'node:assert/strict';
import { asLeaf, childPath, childrenOf, copyText, type Json } from '../../webview/shared/ejson-values';

const text = (v: Json) => asLeaf(v)?.text;

describe('EJSON leaves in the details tree', () => {
  it('names ObjectId, Long, Decimal128 and dates like mongosh', () => {
    assert.equal(text({ $oid: '6740000001eef0000000000001' }), "ObjectId('6740000001eef0000000000001')");
    assert.equal(text({ $numberLong: '9007199254740993' }), "Long('9007199254740993')");
    assert.equal(text({ $numberDecimal: '1.10' }), "Decimal128('1.10')");
    assert.equal(text({ $date: { $numberLong: '0' } }), "ISODate('1970-01-01T00:00:00.000Z')");
    assert.equal(text({ $date: '2026-11-22T06:00:00Z' }), "ISODate('2026-11-22T06:00:00Z')");
  });

  it('shows numbers with their BSON kind and keeps doubles like Infinity as text', () => {
    assert.deepEqual(asLeaf({ $numberInt: '42' }), { kind: 'int32', text: '42', copy: '42' });
    assert.equal(asLeaf({ $numberDouble: '-Infinity' })?.kind, 'double');
    assert.equal(text({ $numberDouble: '-Infinity' }), '-Infinity');
  });

  it('reads binary subtype 4 as a UUID and other subtypes as base64 Binary', () => {
    assert.equal(
      text({ $binary: { base64: 'ASNFZ4mrze8BI0VniavN7w==', subType: '04' } }),
      "UUID('01234567-89ab-cdef-0123-456789abcdef')",
    );
    assert.equal(text({ $binary: { base64: 'AAE=', subType: '80' } }), "Binary.createFromBase64('AAE=', 128)");
  });

  it('reads timestamps, regexes and min/max keys', () => {
    assert.equal(text({ $timestamp: { t: 1700000000, i: 3 } }), 'Timestamp({ t: 1700000000, i: 3 })');
    assert.equal(text({ $regularExpression: { pattern: '^a.c$', options: 'i' } }), '/^a.c$/i');
    assert.equal(text({ $minKey: 1 }), 'MinKey()');
    assert.equal(text({ $maxKey: 1 }), 'MaxKey()');
  });

  it('treats a document that merely has a $-key among others as a document, not a wrapper', () => {
    assert.equal(asLeaf({ $oid: 'x', other: 1 }), undefined);
    assert.deepEqual(
      childrenOf({ $oid: 'x', other: 1 }).map(([k]) => k),
      ['$oid', 'other'],
    );
  });

  it('quotes strings for display but copies them raw, and escapes quotes inside shell text', () => {
    assert.deepEqual(asLeaf('<img src=x>'), { kind: 'string', text: '"<img src=x>"', copy: '<img src=x>' });
    assert.equal(text({ $numberDecimal: "1'2" }), "Decimal128('1\\'2')");
  });

  it('builds dotted paths with array indexes and copies containers as canonical EJSON', () => {
    assert.equal(childPath(childPath(childPath('', 'fullDocument'), 'items'), 2), 'fullDocument.items.2');
    assert.equal(copyText({ a: { $numberInt: '1' } }), '{\n  "a": {\n    "$numberInt": "1"\n  }\n}');
    assert.equal(copyText({ $oid: 'ab' }), "ObjectId('ab')");
  });
});
