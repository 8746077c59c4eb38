import { strict as assert } from 'node:assert';
import { Int32, Timestamp, type Document } from 'bson';
import { imagesOf } from '../../../../src/core/diff/reconstruct';
import { diffCanonical } from '../../../../src/core/diff/imageDiff';
import { toCanonical } from '../../../../src/core/diff/canonical';
import type { ChangeRecord } from '../../../../src/core/diff/changeRecord';

const ns = { db: 'shop', coll: 'orders' };
let seq = 0;
function ev(operationType: string, id: number, extra: Document = {}, opts: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    change: {
      operationType,
      ns,
      documentKey: { _id: id },
      clusterTime: new Timestamp({ t: 100 + seq, i: 1 }),
      ...extra,
    },
    seq: ++seq,
    ...opts,
  };
}
const update = (id: number, ud: Document, extra: Document = {}, opts: Partial<ChangeRecord> = {}) =>
  ev(
    'update',
    id,
    { updateDescription: { updatedFields: {}, removedFields: [], truncatedArrays: [], ...ud }, ...extra },
    opts,
  );

describe('imagesOf', () => {
  it('uses the event images when both are there', () => {
    const e = update(
      1,
      { updatedFields: { v: new Int32(2) } },
      { fullDocumentBeforeChange: { _id: 1, v: new Int32(1) }, fullDocument: { _id: 1, v: new Int32(2) } },
      { fullDocument: 'required', fullDocumentBeforeChange: 'required' },
    );
    const p = imagesOf(e);
    assert.equal(p.reconstructed, false);
    assert.deepEqual(p.before.source, { kind: 'image', origin: 'pre-image' });
    assert.deepEqual(p.after.source, { kind: 'image', origin: 'post-image' });
    assert.equal(p.before.missing, undefined);
    assert.deepEqual(p.after.document, toCanonical({ _id: 1, v: new Int32(2) }));
  });

  it('rebuilds the after from the pre-image and the updateDescription, exactly', () => {
    const e = update(
      1,
      { updatedFields: { v: 2 }, removedFields: ['x'] },
      { fullDocumentBeforeChange: { _id: 1, v: 1, x: 0 } },
      { fullDocumentBeforeChange: 'whenAvailable', fullDocument: 'default' },
    );
    const p = imagesOf(e);
    assert.equal(p.reconstructed, true);
    assert.deepEqual(p.after.document, toCanonical({ _id: 1, v: 2 }));
    assert.equal(p.after.source.kind === 'reconstructed' && p.after.source.exact, true);
    assert.equal(p.after.missing?.code, 'not-requested');
  });

  it('rebuilds before and after from the insert and every later update of the same document', () => {
    const insert = ev('insert', 1, { fullDocument: { _id: 1, tags: ['a', 'b', 'c'], n: 1 } });
    const other = ev('insert', 2, { fullDocument: { _id: 2, n: 99 } });
    const u1 = update(1, { updatedFields: { n: 2 } });
    const u2 = update(2, { updatedFields: { n: 100 } });
    const target = update(1, { updatedFields: { 'tags.1': 'B' }, truncatedArrays: [{ field: 'tags', newSize: 2 }] });
    const p = imagesOf(target, [insert, other, u1, u2]);
    assert.deepEqual(p.before.document, toCanonical({ _id: 1, tags: ['a', 'b', 'c'], n: 2 }));
    assert.deepEqual(p.after.document, toCanonical({ _id: 1, tags: ['a', 'B'], n: 2 }));
    assert.deepEqual(p.before.source, {
      kind: 'reconstructed',
      base: { origin: 'insert', seq: insert.seq },
      steps: 1,
      exact: true,
      problems: [],
    });
    assert.equal(p.after.source.kind === 'reconstructed' && p.after.source.steps, 2);
    assert.equal(p.reconstructed, true);
    const diff = diffCanonical(p.before.document!, p.after.document!);
    assert.deepEqual(
      diff.changes.map((c) => `${c.kind} ${c.dotted}`),
      ['changed tags.1', 'removed tags.2'],
    );
  });

  it('starts from the nearest exact version: a later replace, or a stored post-image', () => {
    const insert = ev('insert', 1, { fullDocument: { _id: 1, a: 1 } });
    const replace = ev('replace', 1, { fullDocument: { _id: 1, b: 1 } });
    const post = update(
      1,
      { updatedFields: { b: 2 } },
      { fullDocument: { _id: 1, b: 2 } },
      { fullDocument: 'whenAvailable' },
    );
    const target = update(1, { updatedFields: { b: 3 } });
    const p = imagesOf(target, [insert, replace, post]);
    assert.deepEqual(p.before.source.kind === 'reconstructed' && p.before.source.base, {
      origin: 'post-image',
      seq: post.seq,
    });
    assert.deepEqual(p.before.document, toCanonical({ _id: 1, b: 2 }));
    const p2 = imagesOf(target, [insert, replace]);
    assert.deepEqual(p2.before.source.kind === 'reconstructed' && p2.before.source.base, {
      origin: 'replace',
      seq: replace.seq,
    });
    assert.deepEqual(p2.before.document, toCanonical({ _id: 1, b: 1 }));
  });

  it('an updateLookup document as the base is labelled inexact', () => {
    const lookup = update(
      1,
      { updatedFields: { v: 1 } },
      { fullDocument: { _id: 1, v: 5 } },
      { fullDocument: 'updateLookup' },
    );
    const target = update(1, { updatedFields: { v: 2 } });
    const p = imagesOf(target, [lookup]);
    assert.equal(p.before.source.kind, 'reconstructed');
    assert.equal(p.before.source.kind === 'reconstructed' && p.before.source.exact, false);
    assert.deepEqual(p.before.source.kind === 'reconstructed' && p.before.source.base.origin, 'current-document');
  });

  it('labels an updateLookup after as the current document, and keeps it apart from a rebuilt after', () => {
    const insert = ev('insert', 1, { fullDocument: { _id: 1, v: 1 } });
    const target = update(
      1,
      { updatedFields: { v: 2 } },
      { fullDocument: { _id: 1, v: 7 } },
      { fullDocument: 'updateLookup' },
    );
    const alone = imagesOf(target);
    assert.deepEqual(alone.after.source, { kind: 'image', origin: 'current-document' });
    assert.equal(alone.after.missing?.code, 'current-document-not-at-change');
    const rebuilt = imagesOf(target, [insert]);
    assert.deepEqual(rebuilt.after.document, toCanonical({ _id: 1, v: 2 }));
    assert.deepEqual(rebuilt.current, toCanonical({ _id: 1, v: 7 }));
  });

  it('a delete has a before and no after; an insert an after and no before', () => {
    const del = imagesOf(
      ev('delete', 1, { fullDocumentBeforeChange: { _id: 1, v: 1 } }, { fullDocumentBeforeChange: 'whenAvailable' }),
    );
    assert.deepEqual(del.before.document, toCanonical({ _id: 1, v: 1 }));
    assert.equal(del.after.document, null);
    assert.equal(del.after.missing?.code, 'delete-has-no-post-image');
    const ins = imagesOf(ev('insert', 1, { fullDocument: { _id: 1 } }));
    assert.equal(ins.before.missing?.code, 'insert-has-no-pre-image');
    assert.deepEqual(ins.after.source, { kind: 'image', origin: 'insert' });
  });

  it('says what is missing when nothing in the buffer helps', () => {
    const p = imagesOf(update(1, { updatedFields: { v: 2 } }), [ev('insert', 2, { fullDocument: { _id: 2 } })]);
    assert.equal(p.before.document, null);
    assert.equal(p.after.document, null);
    assert.deepEqual(p.before.source, { kind: 'missing' });
    assert.equal(p.before.missing?.code, 'not-requested');
    assert.equal(p.reconstructed, false);
  });

  it('reports steps that do not fit as inexact with the problem', () => {
    const insert = ev('insert', 1, { fullDocument: { _id: 1, a: 'text' } });
    const p = imagesOf(update(1, { updatedFields: { 'a.b': 1 } }), [insert]);
    assert.equal(p.after.source.kind === 'reconstructed' && p.after.source.exact, false);
    assert.equal(p.after.source.kind === 'reconstructed' && p.after.source.problems.length, 1);
  });
});
