import { strict as assert } from 'node:assert';
import { Int32, Long, ObjectId } from 'bson';
import { diffCanonical, diffImages } from '../../../../src/core/diff/imageDiff';
import { toCanonical } from '../../../../src/core/diff/canonical';
import { createDiffer } from '../../../../src/core/diff/differ';
import { lines, afterFromEntries, beforeFromEntries } from './diffHelpers';

describe('diffImages', () => {
  it('reports changed, added and removed fields of nested objects with full paths, in document order', () => {
    const d = diffImages(
      { _id: 1, name: 'a', address: { city: 'Oslo', zip: '0150', geo: { lat: 1, lng: 2 } }, gone: true, tail: 1 },
      { _id: 1, name: 'b', address: { city: 'Oslo', zip: '0151', geo: { lat: 1, lng: 3 }, floor: 4 }, tail: 1 },
    );
    assert.deepEqual(lines(d.entries), [
      'unchanged _id',
      'changed name',
      'unchanged address.city',
      'changed address.zip',
      'unchanged address.geo.lat',
      'changed address.geo.lng',
      'added address.floor',
      'removed gone',
      'unchanged tail',
    ]);
    const zip = d.entries[3]!;
    assert.deepEqual([zip.before, zip.after], ['0150', '0151']);
    assert.deepEqual(d.entries[5]!.path, ['address', 'geo', 'lng']);
    assert.deepEqual(d.entries[6]!.after, { $numberInt: '4' });
    assert.deepEqual(d.counts, { added: 1, removed: 1, changed: 3, moved: 0, unchanged: 4 });
    assert.equal(d.changes.length, 5);
    assert.equal(d.identical, false);
  });

  it('folds an unchanged subtree into one entry', () => {
    const d = diffImages({ a: { b: { c: 1, d: [1, 2] } }, x: 1 }, { a: { b: { c: 1, d: [1, 2] } }, x: 2 });
    assert.deepEqual(lines(d.entries), ['unchanged a', 'changed x']);
    assert.deepEqual(d.entries[0]!.after, toCanonical({ b: { c: 1, d: [1, 2] } }));
  });

  it('finds nothing between equal documents, and all-added against an empty one', () => {
    const id = new ObjectId();
    const doc = () => ({ _id: id, n: new Long(5), list: [{ _id: 1 }] });
    const same = diffImages(doc(), doc());
    assert.equal(same.identical, true);
    assert.deepEqual(lines(same.entries), ['unchanged _id', 'unchanged n', 'unchanged list']);
    assert.deepEqual(lines(diffImages({}, { a: 1, b: 2 }).entries), ['added a', 'added b']);
    assert.deepEqual(lines(diffImages({ a: 1 }, {}).entries), ['removed a']);
    assert.deepEqual(diffImages({}, {}).entries, []);
  });

  it('shows a removed field after the field that preceded it', () => {
    const d = diffImages({ a: 1, b: 2, c: 3, d: 4 }, { a: 1, c: 3 });
    assert.deepEqual(lines(d.entries), ['unchanged a', 'removed b', 'unchanged c', 'removed d']);
    assert.deepEqual(lines(diffImages({ z: 0, a: 1 }, { a: 1 }).entries), ['removed z', 'unchanged a']);
  });

  describe('arrays', () => {
    it('reports an element inserted in the middle once, not a shift of every later element', () => {
      const d = diffImages({ l: ['a', 'b', 'c'] }, { l: ['a', 'x', 'b', 'c'] });
      assert.deepEqual(lines(d.changes), ['added l.1']);
      assert.deepEqual(lines(d.entries), [
        'unchanged l.0',
        'added l.1',
        'unchanged l.2 <- l.1',
        'unchanged l.3 <- l.2',
      ]);
    });

    it('reports a removed element with its index in the before image', () => {
      const d = diffImages({ l: [1, 2, 3, 4] }, { l: [1, 3, 4] });
      assert.deepEqual(lines(d.changes), ['removed l.1']);
      assert.deepEqual(d.changes[0]!.before, { $numberInt: '2' });
    });

    it('pairs an element replaced in place as a change at that index', () => {
      const d = diffImages({ tags: ['a', 'b', 'c'] }, { tags: ['a', 'x', 'c'] });
      assert.deepEqual(lines(d.changes), ['changed tags.1']);
      assert.deepEqual([d.changes[0]!.before, d.changes[0]!.after], ['b', 'x']);
    });

    it('descends into a changed subdocument without _id at the same place', () => {
      const d = diffImages(
        {
          l: [
            { x: 1, y: 1 },
            { x: 2, y: 2 },
          ],
        },
        {
          l: [
            { x: 1, y: 1 },
            { x: 20, y: 2 },
          ],
        },
      );
      assert.deepEqual(lines(d.entries), ['unchanged l.0', 'changed l.1.x', 'unchanged l.1.y']);
    });

    it('matches subdocuments by _id: a reorder is a move, a field change inside stays a field change', () => {
      const before = {
        items: [
          { _id: 1, q: 1 },
          { _id: 2, q: 2 },
          { _id: 3, q: 3 },
        ],
      };
      const after = {
        items: [
          { _id: 3, q: 3 },
          { _id: 1, q: 1 },
          { _id: 2, q: 20 },
        ],
      };
      const d = diffImages(before, after);
      assert.deepEqual(lines(d.changes), ['moved items.0 <- items.2', 'changed items.2.q <- items.1.q']);
      assert.deepEqual(d.changes[1]!.path, ['items', 2, 'q']);
      assert.deepEqual(d.changes[1]!.fromPath, ['items', 1, 'q']);
    });

    it('never pairs two different _ids: one removed, one added', () => {
      const d = diffImages({ l: [{ _id: 1, v: 1 }] }, { l: [{ _id: 2, v: 1 }] });
      assert.deepEqual(lines(d.changes), ['removed l.0', 'added l.0']);
    });

    it('detects a moved scalar', () => {
      const d = diffImages({ l: ['a', 'b', 'c', 'd'] }, { l: ['b', 'c', 'd', 'a'] });
      assert.deepEqual(lines(d.changes), ['moved l.3 <- l.0']);
    });

    it('reports a moved subdocument that also changed, then its inner change', () => {
      const d = diffImages(
        { l: [{ _id: 'a', n: 1 }, { _id: 'b' }, { _id: 'c' }] },
        { l: [{ _id: 'b' }, { _id: 'c' }, { _id: 'a', n: 2 }] },
      );
      assert.deepEqual(lines(d.changes), ['moved l.2 <- l.0', 'changed l.2.n <- l.0.n']);
    });

    it('handles nested arrays', () => {
      const d = diffImages(
        {
          m: [
            [1, 2],
            [3, 4],
          ],
        },
        {
          m: [
            [1, 2],
            [3, 5],
          ],
        },
      );
      assert.deepEqual(lines(d.changes), ['changed m.1.1']);
    });

    it('matches huge arrays of unique elements by key in linear time: a removal mid-array is one removal', () => {
      const before = { l: Array.from({ length: 3000 }, (_, i) => ({ _id: i, v: i })) };
      const after = {
        l: before.l.filter((e) => e._id !== 1500 && e._id !== 10).map((e) => (e._id === 2000 ? { ...e, v: -1 } : e)),
      };
      after.l.push(after.l.splice(100, 1)[0]!);
      const d = diffImages(before, after);
      assert.deepEqual(d.positionalArrays, []);
      assert.deepEqual(lines(d.changes), [
        'removed l.10',
        'removed l.1500',
        'changed l.1997.v <- l.2000.v',
        'moved l.2997 <- l.101',
      ]);
    });

    it('compares huge arrays with repeated elements position by position and says so', () => {
      const before = { l: Array.from({ length: 3000 }, (_, i) => ({ v: i % 10 })) };
      const after = { l: before.l.map((e, i) => (i % 2 === 0 ? { v: -i } : e)) };
      const d = diffImages(before, after);
      assert.deepEqual(d.positionalArrays, [['l']]);
      assert.equal(d.counts.changed, 1500);
      assert.ok(d.changes.every((e) => e.dotted.endsWith('.v') && e.fromPath === undefined));
    });
  });

  it('flags BSON type changes with $type names', () => {
    const d = diffImages(
      { n: new Int32(5), o: { a: 1 }, s: 'x', arr: [1] },
      { n: new Long(5), o: [1], s: null, arr: { 0: 1 } },
    );
    assert.deepEqual(
      d.changes.map((e) => [e.dotted, e.typeChanged]),
      [
        ['n', { before: 'int', after: 'long' }],
        ['o', { before: 'object', after: 'array' }],
        ['s', { before: 'string', after: 'null' }],
        ['arr', { before: 'array', after: 'object' }],
      ],
    );
    assert.equal(diffImages({ n: new Int32(5) }, { n: new Int32(6) }).changes[0]!.typeChanged, undefined);
  });

  it('treats a field named __proto__ as data', () => {
    const before = JSON.parse('{"__proto__": {"a": "x"}, "k": "v"}') as Record<string, never>;
    const after = JSON.parse('{"__proto__": {"a": "y"}, "k": "v"}') as Record<string, never>;
    const d = diffCanonical(before, after);
    assert.deepEqual(lines(d.changes), ['changed __proto__']);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });

  it('is stable: the same input gives the same entries', () => {
    const a = { l: [{ _id: 1 }, { _id: 2 }, 'x', { y: 1 }], o: { p: 1 } };
    const b = { l: [{ _id: 2 }, 'x', { _id: 1 }, { y: 2 }, 'z'], o: { q: 1 } };
    assert.deepEqual(diffImages(a, b), diffImages(a, b));
  });

  describe('entries describe both images completely', () => {
    // Random documents and random edits: the after image must be rebuildable from the entries
    // alone, in the same key order, and the before image (values, ignoring key order) too.
    let seed = 7;
    const rand = (n: number): number => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;
    const scalar = (): unknown =>
      [() => rand(100), () => `s${rand(9)}`, () => rand(2) === 0, () => null, () => new Long(rand(50))][rand(5)]!();
    function value(depth: number): unknown {
      const r = rand(depth > 2 ? 1 : 4);
      if (r === 1) return Object.fromEntries(Array.from({ length: rand(4) }, (_, i) => [`k${i}`, value(depth + 1)]));
      if (r === 2) return Array.from({ length: rand(5) }, () => value(depth + 1));
      if (r === 3) return Array.from({ length: rand(5) }, (_, i) => ({ _id: i * 10 + rand(3), v: scalar() }));
      return scalar();
    }
    function mutate(v: unknown, depth = 0): unknown {
      if (Array.isArray(v)) {
        const out = v.map((e) => (rand(4) === 0 ? mutate(e, depth + 1) : e));
        if (rand(3) === 0) out.splice(rand(out.length + 1), 0, value(depth + 1));
        if (rand(3) === 0 && out.length) out.splice(rand(out.length), 1);
        if (rand(4) === 0 && out.length > 1) out.push(out.shift());
        return out;
      }
      if (v && typeof v === 'object' && !('_bsontype' in v)) {
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) if (rand(6) !== 0) out[k] = rand(3) === 0 ? mutate(e, depth + 1) : e;
        if (rand(3) === 0) out[`n${rand(5)}`] = value(depth + 1);
        return out;
      }
      return rand(2) === 0 ? scalar() : v;
    }
    const seen = new Set<string>();
    after(() => {
      // The generator must reach every kind of entry, or the checks above prove little.
      for (const k of ['added', 'removed', 'changed', 'moved+from', 'changed+from']) assert.ok(seen.has(k), k);
    });
    for (let run = 0; run < 300; run++) {
      it(`random pair ${run}`, () => {
        seed = run * 7919 + 1;
        if (process.env.DEBUG_RUN && Number(process.env.DEBUG_RUN) !== run) return;
        const before = { _id: run, a: value(0), b: value(0), c: value(0) };
        const after = mutate(before) as Record<string, unknown>;
        const d = diffImages(before, after);
        if (process.env.DEBUG_RUN)
          console.log(
            JSON.stringify(toCanonical(before)),
            '\n',
            JSON.stringify(toCanonical(after)),
            '\n',
            lines(d.entries),
          );
        assert.equal(JSON.stringify(afterFromEntries(d.entries)), JSON.stringify(toCanonical(after)));
        assert.deepEqual(beforeFromEntries(d.entries), toCanonical(before));
        for (const e of d.changes) seen.add(e.kind + (e.fromPath ? '+from' : ''));
        // The same with the large-array paths (key matching, else by position) forced on every array.
        const forced = diffImages(before, after, createDiffer(0));
        assert.equal(JSON.stringify(afterFromEntries(forced.entries)), JSON.stringify(toCanonical(after)));
        assert.deepEqual(beforeFromEntries(forced.entries), toCanonical(before));
      });
    }
  });
});
