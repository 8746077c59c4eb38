import { strict as assert } from 'node:assert';
import { Int32, Long } from 'bson';
import { applyUpdate, describeUpdate } from '../../../../src/core/diff/updateDescription';
import { toCanonical } from '../../../../src/core/diff/canonical';

describe('describeUpdate', () => {
  it('lists updated, removed and truncated fields with their paths as segments', () => {
    const d = describeUpdate({
      updatedFields: { 'a.b': new Int32(2), 'items.3': 'x', 'items.1.qty': Long.fromNumber(5) },
      removedFields: ['gone'],
      truncatedArrays: [{ field: 'items', newSize: new Int32(4) }],
      disambiguatedPaths: {},
    });
    assert.equal(d.disambiguated, true);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.path, c.ambiguous]),
      [
        ['set', ['a', 'b'], false],
        ['set', ['items', 3], false],
        ['set', ['items', 1, 'qty'], false],
        ['removed', ['gone'], false],
        ['truncated', ['items'], false],
      ],
    );
    assert.deepEqual(d.changes[2]!.after, { $numberLong: '5' });
    assert.equal(d.changes[2]!.afterType, 'long');
    assert.equal(d.changes[4]!.newSize, 4);
  });

  it('takes the real path of dotted and numeric field names from disambiguatedPaths', () => {
    const d = describeUpdate({
      updatedFields: { 'price.usd.amount': 3, 'byYear.2024': 1, 'arr.0': 1 },
      removedFields: ['a.b.c'],
      truncatedArrays: [],
      disambiguatedPaths: {
        'price.usd.amount': ['price.usd', 'amount'],
        'byYear.2024': ['byYear', '2024'],
        'a.b.c': ['a', 'b.c'],
      },
    });
    assert.deepEqual(
      d.changes.map((c) => c.path),
      [
        ['price.usd', 'amount'],
        ['byYear', '2024'],
        ['arr', 0],
        ['a', 'b.c'],
      ],
    );
    assert.ok(d.changes.every((c) => !c.ambiguous));
  });

  it('reads index components sent as Int32 or canonical numbers', () => {
    const d = describeUpdate({
      updatedFields: { 'x.y.0': 1 },
      disambiguatedPaths: { 'x.y.0': ['x.y', new Int32(0)] },
    });
    assert.deepEqual(d.changes[0]!.path, ['x.y', 0]);
  });

  it('marks numeric segments ambiguous when the server sent no disambiguatedPaths', () => {
    const d = describeUpdate({ updatedFields: { 'a.0': 1, b: 2 }, removedFields: [] });
    assert.equal(d.disambiguated, false);
    assert.deepEqual(
      d.changes.map((c) => c.ambiguous),
      [true, false],
    );
  });
});

describe('applyUpdate', () => {
  const base = () =>
    toCanonical({
      _id: 1,
      a: { b: new Int32(1) },
      items: ['p', 'q', 'r', 's', 't'],
      gone: true,
      byYear: { '2024': new Int32(1) },
    });

  it('sets, removes and truncates as MongoDB did', () => {
    const { document, problems } = applyUpdate(base(), {
      updatedFields: { 'a.b': new Int32(2), 'a.c': 'new', 'items.1': 'Q' },
      removedFields: ['gone'],
      truncatedArrays: [{ field: 'items', newSize: 3 }],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      document,
      toCanonical({
        _id: 1,
        a: { b: new Int32(2), c: 'new' },
        items: ['p', 'Q', 'r'],
        byYear: { '2024': new Int32(1) },
      }),
    );
  });

  it('applies a truncation before the sets that refill the shortened array', () => {
    const { document } = applyUpdate(base(), {
      updatedFields: { 'items.2': 'R' },
      truncatedArrays: [{ field: 'items', newSize: 3 }],
    });
    assert.deepEqual((document as { items: unknown }).items, ['p', 'q', 'R']);
  });

  it('pads with null when an index past the end is set, and creates missing parents', () => {
    const { document } = applyUpdate(toCanonical({ l: ['a'] }), { updatedFields: { 'l.3': 'd', 'n.m': true } });
    assert.deepEqual(document, { l: ['a', null, null, 'd'], n: { m: true } });
  });

  it('a numeric segment inside an object is the field of that name', () => {
    const { document, problems } = applyUpdate(base(), { updatedFields: { 'byYear.2024': new Int32(9) } });
    assert.deepEqual(problems, []);
    assert.deepEqual((document as Record<string, unknown>).byYear, { '2024': { $numberInt: '9' } });
  });

  it('follows disambiguatedPaths into a field whose name holds a dot', () => {
    const { document } = applyUpdate(toCanonical({ price: 1, 'price.usd': { amount: 1 } }), {
      updatedFields: { 'price.usd.amount': 3 },
      disambiguatedPaths: { 'price.usd.amount': ['price.usd', 'amount'] },
    });
    assert.deepEqual(document, toCanonical({ price: 1, 'price.usd': { amount: 3 } }));
  });

  it('reports changes that do not fit the base instead of guessing', () => {
    const { problems } = applyUpdate(toCanonical({ a: 'text' }), {
      updatedFields: { 'a.b': 1 },
      removedFields: ['zz'],
      truncatedArrays: [{ field: 'a', newSize: 0 }],
    });
    assert.equal(problems.length, 3);
  });

  it('does not change the base it was given', () => {
    const b = base();
    const copy = structuredClone(b);
    applyUpdate(b, { updatedFields: { 'a.b': 5 }, removedFields: ['gone'] });
    assert.deepEqual(b, copy);
  });

  it('treats a __proto__ field name as data', () => {
    const { document } = applyUpdate({}, { updatedFields: JSON.parse('{"__proto__": "x"}') as Record<string, string> });
    assert.deepEqual(Object.keys(document), ['__proto__']);
    assert.equal(Object.getPrototypeOf(document), Object.prototype);
  });
});
