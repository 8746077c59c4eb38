// The event list's fitted column widths (pure): the document key gets what its text needs before the
// namespace and the changes, the columns never add up to more than the row, a collection watch in a
// narrow panel drops the namespace column, and the person's own widths win over the fitted ones.
import assert from 'node:assert/strict';
import { COLUMN_GAP, ROW_PADDING, columnTemplate, fitColumns } from '../../webview/events/column-widths';

const TIME = 104;
/** `_id: ObjectId('6b0f9f299765c91ade3af547')` in a 14 px monospace font. */
const OBJECT_ID_KEY = 338;
const total = (widths: number[], cols: number, changes: number) =>
  widths.reduce((a, b) => a + b, 0) + changes + 2 * ROW_PADDING + (cols - 1) * COLUMN_GAP;

describe('event list column widths', () => {
  it('gives an ObjectId key its whole width in a 930 px row (the 1280×800 window), the rest to the changes', () => {
    const f = fitColumns(930, TIME, { op: 80, ns: 78, key: OBJECT_ID_KEY }, true);
    const [time, op, ns, key] = f.widths;
    assert.equal(f.hideNs, false);
    assert.equal(time, TIME);
    assert.equal(op, 96, 'the operation column shrinks to its minimum, not the old 120 px');
    assert.equal(ns, 80, 'the namespace gets what "shop.orders" needs (its minimum)');
    assert.equal(key, OBJECT_ID_KEY, 'the key is not cut');
    const changes = 930 - total(f.widths, 5, 0);
    assert.ok(changes >= 186, `the changes keep the rest (${changes} px)`);
  });

  it('never lets the columns run past a narrow row: a collection watch drops the namespace, the key takes what is left', () => {
    for (const width of [300, 440, 520, 640]) {
      const f = fitColumns(width, TIME, { op: 80, ns: 78, key: OBJECT_ID_KEY }, true);
      assert.equal(f.hideNs, true, `${width}: no namespace column`);
      assert.ok(
        total(
          f.widths.filter((_, i) => i !== 2),
          4,
          80,
        ) <= Math.max(width, 16 + 24 + TIME + 96 + 48 + 80),
        `${width}: fits`,
      );
      assert.ok(f.widths[3] >= 48, `${width}: the key keeps at least 48 px`);
    }
    const db = fitColumns(640, TIME, { op: 80, ns: 120, key: OBJECT_ID_KEY }, false);
    assert.equal(db.hideNs, false, 'a database watch keeps its namespace column');
    assert.ok(total(db.widths, 5, 80) <= 640, 'and still fits');
  });

  it('keeps a fifth of the room for the changes however long the key is', () => {
    const f = fitColumns(1500, TIME, { op: 80, ns: 78, key: 5000 }, true);
    const changes = 1500 - total(f.widths, 5, 0);
    assert.ok(changes >= Math.round((1500 - 16 - 32 - TIME - 96) * 0.2) - 1, `changes ${changes}px`);
  });

  it("uses the person's widths when they resized a column, the fitted ones otherwise", () => {
    const fitted = fitColumns(930, TIME, { op: 80, ns: 78, key: OBJECT_ID_KEY }, true);
    assert.equal(columnTemplate([100, 90, 200, 300], TIME, fitted), '100px 90px 200px 300px minmax(80px, 1fr)');
    assert.equal(columnTemplate(undefined, TIME, fitted), `104px 96px 80px ${OBJECT_ID_KEY}px minmax(80px, 1fr)`);
    const narrow = fitColumns(440, TIME, { op: 80, ns: 78, key: OBJECT_ID_KEY }, true);
    assert.equal(
      columnTemplate(undefined, TIME, narrow).split(' ').length,
      5,
      'four columns (the last is minmax(…, 1fr))',
    );
  });
});
