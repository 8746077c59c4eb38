// Seeded fuzzing of every door untrusted text comes through: pipeline text, connection strings,
// bookmark files, webview messages, and odd documents into the event log. Each case must come back
// as a value (ok, or an error with a sentence and an action); nothing may throw. FUZZ_SEED=n replays.
import { strict as assert } from 'node:assert';
import { Binary } from 'bson';
import { checkPipelineText } from '../../../src/core/pipeline/validate';
import { validateConnectionString } from '../../../src/core/connections/connectionString';
import { importBookmarks } from '../../../src/core/bookmarks/exchange';
import { checkWebviewMessage } from '../../../src/shared/protocol/index';
import { EventLog } from '../../../src/core/events/eventLog';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const CASES = 300; // per door; five doors

// mulberry32: a tiny seeded PRNG so a failing case replays from its seed (Math.random cannot be seeded).
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '"',
  "'",
  '`',
  '$match',
  '$project',
  '$out',
  '$where',
  '_id',
  '0',
  '-1',
  '1e400',
  'ObjectId("',
  'ISODate(',
  'NumberLong(',
  ')',
  '\\',
  '\u0000',
  '\u202e',
  '😀',
  '<script>',
  '${x}',
  '/*',
  '*/',
  '//',
  '\n',
  ' ',
  'mongodb://',
  'mongodb+srv://',
  '@',
  '%',
  '%zz',
  'user:pa:ss',
  '?',
  '&',
  '=',
  'replicaSet',
  'localhost',
  '[::1]',
  ':27017',
  ',',
  'true',
  'null',
  'undefined',
  'function(){}',
  '__proto__',
  'constructor',
];

describe(`fuzz: untrusted input comes back as a value (seed ${SEED})`, function () {
  this.timeout(60_000);
  const rand = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const text = (max: number) => Array.from({ length: Math.floor(rand() * max) }, () => pick(PIECES)).join('');
  const anyValue = (depth: number): unknown => {
    const r = rand();
    if (depth <= 0 || r < 0.3) return pick([0, -1, 1.5, 'x', '', null, true, text(5), 2 ** 60, NaN]);
    if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => anyValue(depth - 1));
    const o: Record<string, unknown> = {};
    for (let i = 0; i < rand() * 4; i++) o[pick(['kind', 'id', 'method', 'params', text(3), ''])] = anyValue(depth - 1);
    return o;
  };
  let ran = 0;
  before(() => console.log(`      fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`));
  after(() => console.log(`      fuzz cases run: ${ran}`));

  it('pipeline text: ok, or diagnostics with a message and an action', () => {
    for (let i = 0; i < CASES; i++, ran++) {
      const t = rand() < 0.5 ? `[${text(30)}]` : text(40);
      const r = checkPipelineText(t);
      if (!r.ok) {
        assert.ok(r.diagnostics.length > 0, `case ${i}: ${JSON.stringify(t)}`);
        for (const d of r.diagnostics) assert.ok(d.message && d.action, `case ${i}: ${JSON.stringify(d)}`);
      }
    }
  });

  it('connection strings: ok with hosts, or a sentence', () => {
    for (let i = 0; i < CASES; i++, ran++) {
      const t = (rand() < 0.7 ? pick(['mongodb://', 'mongodb+srv://']) : '') + text(12);
      const r = validateConnectionString(t);
      if (r.ok) assert.ok(Array.isArray(r.hosts));
      else assert.ok(r.message.length > 0, `case ${i}: ${JSON.stringify(t)}`);
    }
  });

  it('bookmark files: ok with what was rejected, or an error code, message and action', () => {
    for (let i = 0; i < CASES; i++, ran++) {
      const t = rand() < 0.5 ? JSON.stringify(anyValue(4)) : text(30);
      const r = importBookmarks(t);
      if (!r.ok) assert.ok(r.error.code && r.error.message && r.error.action, `case ${i}`);
    }
  });

  it('webview messages of wrong shapes, types and sizes are rejected as BAD_REQUEST, never thrown', () => {
    for (let i = 0; i < CASES; i++, ran++) {
      const raw =
        rand() < 0.1
          ? { kind: 'request', id: i, method: 'x', params: 'y'.repeat(1 << 20) }
          : rand() < 0.5
            ? {
                kind: pick(['request', 'notify', 'ready', 'x']),
                id: pick([i, -1, 'a', 1.5]),
                method: text(2),
                params: anyValue(3),
              }
            : anyValue(4);
      const r = checkWebviewMessage(raw);
      if (!r.ok) assert.equal(r.error.code, 'BAD_REQUEST');
    }
  });

  it('odd documents reach the event log with a summary and a detail (keys with dots, dollars, HTML, unicode, empty; binary; 120 levels)', () => {
    const log = new EventLog({ maxEvents: 1000, maxBytes: 64 << 20 });
    const keys = ['a.b', '$x', '', '<img src=x onerror=alert(1)>', '\u202eevil', '😀', '__proto__', 'constructor'];
    for (let i = 0; i < CASES; i++, ran++) {
      let nested: Record<string, unknown> = { leaf: i };
      const depth = rand() < 0.2 ? 120 : Math.floor(rand() * 10);
      for (let d = 0; d < depth; d++) nested = { [pick(keys)]: nested };
      const doc: Record<string, unknown> = {
        _id: { _data: `82${i}` },
        operationType: pick(['insert', 'update', 'x', '']),
      };
      doc[pick(keys)] = nested;
      doc.fullDocument = { _id: i, bin: new Binary(Buffer.from([0, 255, 1])), [pick(keys)]: anyValue(3) };
      doc.ns = { db: pick(keys), coll: pick(keys) };
      const logged = log.append(doc);
      assert.equal(typeof logged.summary.op, 'string');
      assert.ok(log.detail(logged.seq), `case ${i}: the detail must be readable`);
    }
  });

  it('a 16 MB document is logged and counted against the byte cap', () => {
    const log = new EventLog({ maxEvents: 10, maxBytes: 20 << 20 });
    const big = {
      _id: { _data: '82' },
      operationType: 'insert',
      fullDocument: { _id: 1, s: 'x'.repeat(16 * 1024 * 1024 - 200) },
    };
    const logged = log.append(big);
    assert.ok(logged.bytes > 16_000_000);
    log.append({ ...big, _id: { _data: '83' } });
    assert.ok(log.bytes <= 20 << 20, 'the byte cap holds: the older 16 MB event was evicted');
    assert.equal(log.evicted, 1);
  });
});
