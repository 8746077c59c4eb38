// A panel revived after a window reload brings back the watch its webview saved: the webview keeps
// watchId/target/options in its state, and the host trusts none of it without checking.
import * as assert from 'node:assert/strict';
import type { WatchOptions, WatchTarget } from '../../src/shared/protocol';
import { chooseSavedWatch, readSavedWatch, type SavedWatch } from '../../src/vscode/panel/savedWatch';
import { readViewState } from '../../webview/app/view-state';

const OPTIONS: WatchOptions = {
  fullDocument: 'updateLookup',
  fullDocumentBeforeChange: 'off',
  showExpandedEvents: true,
  batchSize: 50,
};
const ON_A: WatchTarget = {
  connectionId: 'conn-a',
  connectionName: 'Staging',
  scope: 'collection',
  db: 'shop',
  coll: 'orders',
};
const ON_B: WatchTarget = {
  connectionId: 'conn-b',
  connectionName: 'Production',
  scope: 'collection',
  db: 'shop',
  coll: 'orders',
};
const RECORDS = [
  { watchId: 'w-a', title: 'shop.orders', target: ON_A, options: OPTIONS },
  { watchId: 'w-b', title: 'shop.orders', target: ON_B, options: { ...OPTIONS, batchSize: 7 } },
];
const nothingTaken = () => false;

describe('the webview view state', () => {
  it('keeps the watch id, target and options it was given next to the UI choices', () => {
    const view = readViewState({
      selectedSeq: 4,
      detailsOpen: true,
      autoscroll: false,
      scrollTop: 120,
      optionsOpen: false,
      watchId: 'w-b',
      target: ON_B,
      options: OPTIONS,
    });
    assert.equal(view.watchId, 'w-b');
    assert.deepEqual(view.target, ON_B);
    assert.deepEqual(view.options, OPTIONS);
    assert.equal(view.selectedSeq, 4);
  });

  it('drops malformed watch fields but keeps the rest of an older or foreign state', () => {
    const view = readViewState({
      selectedSeq: 2,
      watchId: 42,
      target: { connectionId: 1, scope: 'galaxy' },
      options: { fullDocument: 'sometimes' },
    });
    assert.equal(view.watchId, undefined);
    assert.equal(view.target, undefined);
    assert.equal(view.options, undefined);
    assert.equal(view.selectedSeq, 2);
  });
});

describe('choosing the watch of a revived panel', () => {
  it('uses the target and options in the webview state before any workspace record', () => {
    const saved = chooseSavedWatch(
      { watchId: 'w-b', target: ON_B, options: OPTIONS },
      RECORDS,
      'shop.orders',
      nothingTaken,
    );
    assert.deepEqual(saved, { watchId: 'w-b', target: ON_B, options: OPTIONS });
  });

  it('finds the workspace record by watch id when the state has no usable target, even if two panels share a title', () => {
    const saved = chooseSavedWatch({ watchId: 'w-b', selectedSeq: 3 }, RECORDS, 'shop.orders', nothingTaken);
    assert.equal(saved?.target.connectionId, 'conn-b');
    assert.equal(saved?.options.batchSize, 7);
    assert.equal(saved?.watchId, 'w-b');
  });

  it('restores nothing for a watch id that no record knows, rather than guessing by title', () => {
    assert.equal(chooseSavedWatch({ watchId: 'w-gone' }, RECORDS, 'shop.orders', nothingTaken), undefined);
  });

  it('falls back to the first unclaimed record with the panel title for state saved before watch ids existed', () => {
    const oldRecords = RECORDS.map(({ title, target, options }) => ({ title, target, options }));
    const takenA = (s: SavedWatch) => s.target.connectionId === 'conn-a';
    assert.equal(
      chooseSavedWatch({ selectedSeq: 1 }, oldRecords, 'shop.orders', takenA)?.target.connectionId,
      'conn-b',
    );
    assert.equal(chooseSavedWatch(undefined, oldRecords, 'other.coll', nothingTaken), undefined);
  });

  it('reads the older shape that kept target and options under `snapshot`', () => {
    const saved = readSavedWatch({ snapshot: { watchId: 'w-a', target: ON_A, options: OPTIONS } });
    assert.deepEqual(saved, { watchId: 'w-a', target: ON_A, options: OPTIONS });
  });

  for (const [what, target] of [
    ['a non-string connection id', { ...ON_A, connectionId: 7 }],
    ['an unknown scope', { ...ON_A, scope: 'cluster' }],
    ['a collection scope without a collection', { ...ON_A, coll: undefined }],
    ['a database name that is not a string', { ...ON_A, db: { $gt: '' } }],
  ] as const) {
    it(`rejects a restored target with ${what}`, () => {
      assert.equal(readSavedWatch({ target, options: OPTIONS }), undefined);
    });
  }

  it('rejects restored options that validateWatchOptions refuses, then uses the record for the same watch id', () => {
    const state = { watchId: 'w-a', target: ON_A, options: { ...OPTIONS, batchSize: -1 } };
    assert.equal(readSavedWatch(state), undefined);
    assert.deepEqual(chooseSavedWatch(state, RECORDS, 'shop.orders', nothingTaken)?.options, OPTIONS);
  });

  it('keeps only the fields a target has for its scope', () => {
    const saved = readSavedWatch({
      target: { connectionId: 'c', connectionName: 'C', scope: 'deployment', db: 'x', coll: 'y', extra: 'z' },
      options: OPTIONS,
    });
    assert.deepEqual(saved?.target, { connectionId: 'c', connectionName: 'C', scope: 'deployment' });
  });
});
