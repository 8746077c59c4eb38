import { strict as assert } from 'node:assert';
import { exportBookmarks, importBookmarks, bookmarkFromEvent, type Bookmark } from '../../../../src/core/bookmarks';
import { context, insertEvent } from './fixtures';

const good = (): Bookmark => bookmarkFromEvent(insertEvent(), context({ newId: () => 'good-1' }));
const fileWith = (bookmarks: unknown[], over: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'change-stream-inspector.bookmarks',
    version: 1,
    exportedAt: '2026-12-01T12:00:00.000Z',
    bookmarks,
    ...over,
  });
/** A good bookmark with one change (a path set to a value, or deleted when value is `undefined`). */
function entry(change: (b: Record<string, unknown>) => void): unknown {
  const b = JSON.parse(JSON.stringify(good())) as Record<string, unknown>;
  change(b);
  return b;
}

describe('exportBookmarks / importBookmarks', () => {
  it('round-trips bookmarks through the file unchanged', () => {
    const b = good();
    const text = exportBookmarks([b], new Date('2026-12-01T13:00:00Z'));
    const r = importBookmarks(text);
    assert.ok(r.ok);
    assert.deepEqual(r.bookmarks, [b]);
    assert.deepEqual(r.rejected, []);
    assert.equal(JSON.parse(text).version, 1);
  });

  it('export hides a connection-string password pasted into a note', () => {
    const b = { ...good(), note: 'was on mongodb://admin:hunter2@db.example.com:27017/?replicaSet=rs0' };
    const text = exportBookmarks([b], new Date());
    assert.doesNotMatch(text, /hunter2/);
    assert.match(text, /admin:\*\*\*\*@db\.example\.com/);
  });

  // Files refused as a whole: the error code says why.
  const refused: [string, string, string][] = [
    ['not JSON', '{"format": ', 'NOT_JSON'],
    ['empty text', '', 'NOT_JSON'],
    ['a JSON array', '[]', 'NOT_A_BOOKMARK_FILE'],
    ['a JSON string', '"bookmarks"', 'NOT_A_BOOKMARK_FILE'],
    ['null', 'null', 'NOT_A_BOOKMARK_FILE'],
    ['no format', JSON.stringify({ version: 1, bookmarks: [] }), 'NOT_A_BOOKMARK_FILE'],
    ['another format', fileWith([], { format: 'compass.favorites' }), 'NOT_A_BOOKMARK_FILE'],
    ['a newer version', fileWith([], { version: 2 }), 'UNSUPPORTED_VERSION'],
    ['version 0', fileWith([], { version: 0 }), 'UNSUPPORTED_VERSION'],
    ['version as a string', fileWith([], { version: '1' }), 'UNSUPPORTED_VERSION'],
    [
      'no version',
      JSON.stringify({ format: 'change-stream-inspector.bookmarks', bookmarks: [] }),
      'UNSUPPORTED_VERSION',
    ],
    ['bookmarks not a list', fileWith([], { bookmarks: { a: 1 } }), 'NOT_A_BOOKMARK_FILE'],
    [
      'bookmarks missing',
      JSON.stringify({ format: 'change-stream-inspector.bookmarks', version: 1 }),
      'NOT_A_BOOKMARK_FILE',
    ],
    ['over 5 MB', fileWith([{ note: 'x'.repeat(5 * 1024 * 1024) }]), 'TOO_LARGE'],
    ['over 10,000 entries', fileWith(new Array(10_001).fill(0)), 'TOO_MANY'],
  ];
  for (const [name, text, code] of refused) {
    it(`refuses a file that is ${name} (${code})`, () => {
      const r = importBookmarks(text);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, code);
        assert.ok(r.error.message.length > 10 && r.error.action.length > 5);
      }
    });
  }

  const HOSTILE_PROTO = Symbol('hostile __proto__ entry');
  // Bad entries: rejected with their index and a reason; the good entry beside them is kept.
  const badEntries: [string, unknown, RegExp][] = [
    ['a number', 42, /object/i],
    ['null', null, /object/i],
    ['an array', [1], /object/i],
    ['missing id', entry((b) => delete b.id), /^id/],
    ['id with spaces', entry((b) => (b.id = 'a b')), /^id/],
    ['id too long', entry((b) => (b.id = 'x'.repeat(101))), /^id/],
    ['missing connectionId', entry((b) => delete b.connectionId), /^connectionId/],
    ['connectionId a number', entry((b) => (b.connectionId = 7)), /^connectionId/],
    ['missing token', entry((b) => delete b.token), /^token/],
    ['token a string', entry((b) => (b.token = '8261')), /^token/],
    ['token _data not hex', entry((b) => (b.token = { _data: 'zz' })), /^token\._data/],
    ['token _data empty', entry((b) => (b.token = { _data: '' })), /^token\._data/],
    ['token _data huge', entry((b) => (b.token = { _data: 'A'.repeat(40_000) })), /^token\._data/],
    ['token _typeBits not binary', entry((b) => (b.token = { _data: 'AB', _typeBits: 'x' })), /^token\._typeBits/],
    ['scope of unknown kind', entry((b) => (b.scope = { kind: 'cluster' })), /^scope/],
    ['collection scope without coll', entry((b) => (b.scope = { kind: 'collection', db: 'shop' })), /^scope\.coll/],
    ['empty db name', entry((b) => (b.scope = { kind: 'database', db: '' })), /^scope\.db/],
    ['clusterTime negative', entry((b) => (b.clusterTime = { t: -1, i: 0 })), /^clusterTime\.t/],
    ['clusterTime fractional', entry((b) => (b.clusterTime = { t: 1.5, i: 0 })), /^clusterTime\.t/],
    ['wallTime not a date', entry((b) => (b.wallTime = 'yesterday')), /^wallTime/],
    ['createdAt missing', entry((b) => delete b.createdAt), /^createdAt/],
    ['pipeline not a list', entry((b) => (b.pipeline = { $match: {} })), /^pipeline/],
    ['pipeline stage with two keys', entry((b) => (b.pipeline = [{ $match: {}, $project: {} }])), /^pipeline/],
    ['pipeline stage without $', entry((b) => (b.pipeline = [{ match: {} }])), /^pipeline/],
    ['pipeline of 51 stages', entry((b) => (b.pipeline = new Array(51).fill({ $match: {} }))), /^pipeline/],
    ['unknown fullDocument', entry((b) => (b.options = { fullDocument: 'always' })), /^options\.fullDocument/],
    ['batchSize zero', entry((b) => (b.options = { batchSize: 0 })), /^options\.batchSize/],
    ['label empty', entry((b) => (b.label = '')), /^label/],
    ['label too long', entry((b) => (b.label = 'x'.repeat(201))), /^label/],
    ['note not text', entry((b) => (b.note = { text: 'x' })), /^note/],
    ['fromInvalidate as a string', entry((b) => (b.fromInvalidate = 'false')), /^fromInvalidate/],
    ['connectionId a connection string', entry((b) => (b.connectionId = 'mongodb://u:p@h')), /connection string/],
    [
      'connectionId an srv string without password',
      entry((b) => (b.connectionId = 'mongodb+srv://cluster0.example.net')),
      /connection string/,
    ],
    [
      'credentials inside the pipeline',
      entry((b) => (b.pipeline = [{ $match: { uri: 'mongodb://root:secret@h:27017' } }])),
      /credentials/,
    ],
    ['credentials in the connection name', entry((b) => (b.connectionName = 'mongodb://root:secret@h')), /credentials/],
    ['__proto__ inside a pipeline stage', HOSTILE_PROTO, /__proto__/],
    [
      'constructor inside the token',
      entry((b) => (b.token = { _data: 'AB', constructor: { prototype: { polluted: 1 } } })),
      /constructor/,
    ],
    [
      'nesting deeper than can be checked',
      entry((b) => {
        let deep: Record<string, unknown> = {};
        const root = deep;
        for (let k = 0; k < 80; k++) deep = (deep.x = {}) as Record<string, unknown>;
        b.pipeline = [{ $match: root }];
      }),
      /nesting deeper than 64/,
    ],
    ['prototype inside options', entry((b) => (b.options = { prototype: 1 })), /prototype/],
  ];

  for (const [name, bad, reason] of badEntries) {
    it(`rejects an entry with ${name}, keeps the good one, and says where`, () => {
      const text =
        bad === HOSTILE_PROTO
          ? // JSON text, because an object literal's __proto__ would set the prototype instead of a key.
            fileWith([good(), 'HOSTILE']).replace(
              '"HOSTILE"',
              JSON.stringify(good()).replace('"pipeline":[', '"pipeline":[{"$match":{"__proto__":{"polluted":true}}},'),
            )
          : fileWith([good(), bad]);
      const r = importBookmarks(text);
      assert.ok(r.ok, 'the file as a whole is accepted');
      if (!r.ok) return;
      assert.deepEqual(
        r.bookmarks.map((b) => b.id),
        ['good-1'],
      );
      assert.equal(r.rejected.length, 1);
      assert.equal(r.rejected[0].index, 1);
      assert.match(r.rejected[0].reason, reason);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
    });
  }

  it('rejects a duplicate id and names the first', () => {
    const r = importBookmarks(fileWith([good(), good()]));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.bookmarks.length, 1);
    assert.deepEqual(r.rejected, [{ index: 1, reason: 'duplicate id "good-1" (first at index 0)' }]);
  });

  it('a top-level __proto__ key is ignored and pollutes nothing', () => {
    const text = fileWith([good()]).replace('{', '{"__proto__":{"polluted":true},');
    const r = importBookmarks(text);
    assert.ok(r.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    if (r.ok) assert.equal(Object.getPrototypeOf(r.bookmarks[0]), Object.prototype);
  });

  it('drops unknown fields of an entry instead of carrying them into the store', () => {
    const r = importBookmarks(fileWith([entry((b) => (b.password = 'hunter2'))]));
    assert.ok(r.ok);
    if (r.ok) assert.doesNotMatch(JSON.stringify(r.bookmarks), /hunter2/);
  });

  it('strips a password from a label or note on import, with a warning', () => {
    const r = importBookmarks(fileWith([entry((b) => (b.note = 'see mongodb://admin:hunter2@db.example.com/'))]));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.bookmarks.length, 1);
    assert.doesNotMatch(r.bookmarks[0].note ?? '', /hunter2/);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0].index, 0);
  });
});
