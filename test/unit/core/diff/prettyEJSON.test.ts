import { strict as assert } from 'node:assert';
import { Double, EJSON, Int32, Long, MinKey, ObjectId, Timestamp } from 'bson';
import { prettyEJSON, prettyImagePair } from '../../../../src/core/diff/prettyEJSON';
import { toCanonical } from '../../../../src/core/diff/canonical';

const oid = '65a1b2c3d4e5f60718293a4b';
const doc = () => ({
  _id: new ObjectId(oid),
  z: new Int32(1),
  a: { y: Long.fromNumber(2), b: new Double(1) },
  when: new Date(0),
});

describe('prettyEJSON', () => {
  it('renders canonical EJSON, indented, keys in document order, ending in a newline', () => {
    const text = prettyEJSON(doc());
    assert.ok(text.endsWith('}\n'));
    const keys = [...text.matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]);
    assert.deepEqual(keys, [
      '_id',
      '$oid',
      'z',
      '$numberInt',
      'a',
      'y',
      '$numberLong',
      'b',
      '$numberDouble',
      'when',
      '$date',
      '$numberLong',
    ]);
    assert.match(text, /\n {2}"z": \{\n {4}"\$numberInt": "1"\n {2}\}/);
    assert.deepEqual(
      EJSON.parse(text, { relaxed: false }),
      EJSON.parse(EJSON.stringify(doc(), { relaxed: false }), { relaxed: false }),
    );
  });

  it('renders relaxed EJSON for reading', () => {
    const text = prettyEJSON(doc(), { mode: 'relaxed' });
    assert.match(text, /"z": 1,/);
    assert.match(text, /"when": \{\n\s+"\$date": "1970-01-01T00:00:00Z"/);
    assert.match(text, /"y": 2/);
  });

  it('gives the same text for a BSON document and its canonical EJSON', () => {
    const d = { t: new Timestamp({ t: 5, i: 1 }), m: new MinKey(), n: new Int32(3) };
    assert.equal(prettyEJSON(toCanonical(d)), prettyEJSON(d));
    assert.equal(prettyEJSON(toCanonical(d), { mode: 'relaxed' }), prettyEJSON(d, { mode: 'relaxed' }));
    assert.equal(prettyEJSON(d), prettyEJSON(d), 'deterministic');
  });

  it('aligns the after to the before only when asked', () => {
    const before = { _id: 1, a: 1, b: { x: 1, y: 2 } };
    const after = { b: { y: 3, x: 1 }, _id: 1, c: 1, a: 2 };
    const plain = prettyImagePair(before, after);
    assert.ok(plain.after.indexOf('"b"') < plain.after.indexOf('"_id"'), 'document order by default');
    const aligned = prettyImagePair(before, after, { align: true });
    const order = (t: string) => ['"_id"', '"a"', '"b"', '"x"', '"y"', '"c"'].map((k) => t.indexOf(k));
    const o = order(aligned.after);
    assert.deepEqual(
      [...o].sort((p, q) => p - q),
      o,
    );
    assert.deepEqual(JSON.parse(aligned.after), JSON.parse(plain.after), 'same content');
  });

  it('renders a missing side as empty text', () => {
    assert.deepEqual(prettyImagePair(null, { a: 1 }).before, '');
    assert.equal(prettyImagePair({ a: 1 }, null).after, '');
  });
});
