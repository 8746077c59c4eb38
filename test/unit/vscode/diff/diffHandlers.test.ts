import { strict as assert } from 'node:assert';
import { Int32, Long, ObjectId, type Document } from 'bson';
import { EventLog, type ImageReadOptions } from '../../../../src/core/events/eventLog';
import type { Watch } from '../../../../src/core/watch/watch';
import { checkWebviewMessage } from '../../../../src/shared/protocol';
import { diffHandlers, setDiffEditorForTests } from '../../../../src/vscode/panel/handlers/diff';
import type { InspectorContext } from '../../../../src/vscode/panel/handlers/context';

const id = new ObjectId('64b000000000000000000001');
const ns = { db: 'shop', coll: 'orders' };
const IMAGES: ImageReadOptions = { fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' };
const PLAIN: ImageReadOptions = { fullDocument: 'default', fullDocumentBeforeChange: 'off' };

function setup() {
  const log = new EventLog({ maxEvents: 100, maxBytes: 1e7 });
  const watch = { id: 'w1', log } as unknown as Watch;
  const ctx = { watch } as unknown as InspectorContext;
  const opened: { left: string; right: string; title: string }[] = [];
  setDiffEditorForTests({
    openDiff: async (l: { text: string }, r: { text: string }, title: string) => {
      opened.push({ left: l.text, right: r.text, title });
    },
  } as never);
  return { log, ctx, opened };
}

const update = (fields: Document, removed: string[], extra: Document = {}): Document => ({
  _id: { _data: 'x' },
  operationType: 'update',
  ns,
  documentKey: { _id: id },
  updateDescription: { updatedFields: fields, removedFields: removed, truncatedArrays: [] },
  ...extra,
});

describe('diff handlers (getDiff, openDiffInEditor, selectForCompare)', () => {
  afterEach(() => setDiffEditorForTests(undefined));

  it('diffs the images of an update read with pre- and post-images, type changes flagged', async () => {
    const { log, ctx } = setup();
    const before = { _id: id, qty: new Int32(1), note: 'a', tags: ['x'] };
    const after = { _id: id, qty: Long.fromNumber(2), tags: ['x'] };
    const e = log.append(
      update({ qty: Long.fromNumber(2) }, ['note'], { fullDocument: after, fullDocumentBeforeChange: before }),
      IMAGES,
    );
    const d = await diffHandlers.getDiff({ seq: e.seq }, ctx);
    assert.ok(d?.images, 'images diff present');
    assert.equal(d.images.reconstructed, false);
    const changes = d.images.entries.filter((x) => x.kind !== 'unchanged');
    assert.deepEqual(
      changes.map((x) => [x.kind, x.dotted]),
      [
        ['changed', 'qty'],
        ['removed', 'note'],
      ],
    );
    assert.deepEqual(changes[0]!.typeChanged, { before: 'int', after: 'long' });
    assert.deepEqual(changes[0]!.after, { $numberLong: '2' });
    assert.ok(
      d.images.entries.some((x) => x.kind === 'unchanged' && x.dotted === 'tags'),
      'unchanged folded as one entry',
    );
    assert.equal(d.missing.before, undefined);
    assert.equal(d.missing.after, undefined);
  });

  it('without images: the updateDescription, a reconstruction from the insert in the buffer, and why', async () => {
    const { log, ctx } = setup();
    log.append(
      { _id: { _data: 'i' }, operationType: 'insert', ns, documentKey: { _id: id }, fullDocument: { _id: id, n: 1 } },
      PLAIN,
    );
    const e = log.append(update({ n: 2 }, []), PLAIN);
    const d = await diffHandlers.getDiff({ seq: e.seq }, ctx);
    assert.ok(d);
    assert.deepEqual(
      d.update?.changes.map((c) => [c.kind, c.dotted]),
      [['set', 'n']],
    );
    assert.equal(d.missing.before?.code, 'not-requested');
    assert.equal(d.images?.reconstructed, true);
    assert.deepEqual(d.images?.before, {
      kind: 'reconstructed',
      base: { origin: 'insert', seq: 1 },
      steps: 0,
      exact: true,
      problems: [],
    });
    const changed = d.images!.entries.find((x) => x.kind === 'changed');
    assert.deepEqual(
      [changed?.dotted, changed?.before, changed?.after],
      ['n', { $numberInt: '1' }, { $numberInt: '2' }],
    );
  });

  it('labels an updateLookup document as the current one, not the after', async () => {
    const { log, ctx } = setup();
    const e = log.append(update({ n: 2 }, [], { fullDocument: { _id: id, n: 3 } }), {
      fullDocument: 'updateLookup',
      fullDocumentBeforeChange: 'off',
    });
    const d = await diffHandlers.getDiff({ seq: e.seq }, ctx);
    assert.equal(d?.missing.after?.code, 'current-document-not-at-change');
    assert.deepEqual(d?.current, { _id: { $oid: id.toHexString() }, n: { $numberInt: '3' } });
    assert.equal(d?.images, undefined, 'no before known: no image diff claimed');
  });

  it('a delete with a pre-image shows every field removed; an insert has no diff', async () => {
    const { log, ctx } = setup();
    const ins = log.append(
      { _id: { _data: 'i' }, operationType: 'insert', ns, documentKey: { _id: id }, fullDocument: { _id: id, n: 1 } },
      IMAGES,
    );
    const del = log.append(
      {
        _id: { _data: 'd' },
        operationType: 'delete',
        ns,
        documentKey: { _id: id },
        fullDocumentBeforeChange: { _id: id, n: 1 },
      },
      IMAGES,
    );
    assert.equal((await diffHandlers.getDiff({ seq: ins.seq }, ctx))?.applicable, false);
    const d = await diffHandlers.getDiff({ seq: del.seq }, ctx);
    assert.deepEqual(d?.images?.counts.removed, 2);
    assert.equal(d?.missing.after?.code, 'delete-has-no-post-image');
    assert.equal(await diffHandlers.getDiff({ seq: 99 }, ctx), null);
  });

  it('opens the editor on pretty EJSON, on the previous event of the document, and on a selected event', async () => {
    const { log, ctx, opened } = setup();
    const a = log.append(
      { _id: { _data: 'i' }, operationType: 'insert', ns, documentKey: { _id: id }, fullDocument: { _id: id, n: 1 } },
      IMAGES,
    );
    const b = log.append(
      update({ n: 2 }, [], { fullDocument: { _id: id, n: 2 }, fullDocumentBeforeChange: { _id: id, n: 1 } }),
      IMAGES,
    );
    assert.deepEqual(await diffHandlers.openDiffInEditor({ seq: b.seq }, ctx), { opened: true });
    assert.match(opened[0]!.left, /"n": \{\n\s+"\$numberInt": "1"/);
    assert.match(opened[0]!.right, /"\$numberInt": "2"/);
    assert.deepEqual(await diffHandlers.openDiffInEditor({ seq: b.seq, against: 'previous' }, ctx), { opened: true });
    assert.match(opened[1]!.title, /#1 insert/);
    assert.equal((await diffHandlers.openDiffInEditor({ seq: a.seq, against: 'previous' }, ctx)).opened, false);
    assert.deepEqual(await diffHandlers.selectForCompare({ seq: a.seq }, ctx), { selected: a.seq });
    assert.deepEqual(await diffHandlers.openDiffInEditor({ seq: b.seq, against: 'selected' }, ctx), { opened: true });
    assert.equal(opened.length, 3);
    assert.notEqual(opened[2]!.left, opened[2]!.right);
  });

  it('the getDiff request is checked like every other', () => {
    assert.equal(checkWebviewMessage({ kind: 'request', id: 1, method: 'getDiff', params: { seq: 3 } }).ok, true);
    const bad = checkWebviewMessage({ kind: 'request', id: 2, method: 'getDiff', params: { seq: -1 } });
    assert.equal(bad.ok, false);
  });
});
