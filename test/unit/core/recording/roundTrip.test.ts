import { strict as assert } from 'node:assert';
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  EJSON,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
  type Document,
} from 'bson';
import { EventLog } from '../../../../src/core/events/eventLog';
import {
  exportRecording,
  parseRecording,
  RECORDED_CAPABILITIES,
  RecordedSource,
  RecordingReader,
  type ExportSource,
} from '../../../../src/core/recording';
import type { WatchOptions, WatchTarget } from '../../../../src/core/watch/model';

const target: WatchTarget = { connectionId: 'c1', connectionName: 'Local', scope: 'collection', db: 'shop', coll: 'o' };
const options: WatchOptions = {
  fullDocument: 'updateLookup',
  fullDocumentBeforeChange: 'whenAvailable',
  showExpandedEvents: false,
  pipeline: [{ $match: { 'fullDocument.n': { $gt: Long.fromNumber(5) } } }],
};

/** A document holding every BSON type, with the awkward values of each. */
function everyType(i: number): Document {
  return {
    _id: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    double: new Double(1.5),
    negZero: new Double(-0),
    nan: new Double(NaN),
    inf: new Double(-Infinity),
    intAsDouble: new Double(3),
    int: new Int32(-7),
    long: Long.fromString('9007199254740993'),
    decimal: Decimal128.fromString('1.10'),
    string: `tab\t"quote" line\nbreak é 😀 \u2028 ${i}`,
    bool: false,
    nul: null,
    date: new Date(Date.UTC(2026, 11, 2, 0, 0, 0, 123)),
    oldDate: new Date(-62135596800000),
    ts: new Timestamp({ t: 1764633600, i: 3 }),
    binary: new Binary(Buffer.from([0, 1, 2, 255]), 0),
    binaryOld: new Binary(Buffer.from('xy'), 2),
    uuid: new UUID('0e5c5bc1-94a4-4e1c-8d54-7c2b8f5e7c01'),
    regex: new BSONRegExp('^a.*b$', 'imsx'),
    code: new Code('function () { return 1; }'),
    codeScope: new Code('f(x)', { x: new Int32(1) }),
    symbol: new BSONSymbol('sym'),
    minKey: new MinKey(),
    maxKey: new MaxKey(),
    dbref: new DBRef('other', new ObjectId('65a1b2c3d4e5f60718293a4c'), 'db2'),
    array: [new Int32(1), [Long.fromNumber(2)], { nested: Decimal128.fromString('-0.0') }],
    empty: {},
    '$weird.key': 'dots and dollars in keys',
  };
}

function change(i: number, op: string): Document {
  const base: Document = {
    _id: { _data: `82${i.toString(16).padStart(8, '0')}` },
    operationType: op,
    clusterTime: new Timestamp({ t: 1764633600 + i, i: 1 }),
    wallTime: new Date(Date.UTC(2026, 11, 2, 0, 0, i)),
    ns: { db: 'shop', coll: 'o' },
    documentKey: { _id: new ObjectId('65a1b2c3d4e5f60718293a4b') },
  };
  if (op === 'insert' || op === 'replace') base.fullDocument = everyType(i);
  if (op === 'update') {
    base.updateDescription = {
      updatedFields: { long: Long.fromNumber(i), 'array.1': [new Int32(i)] },
      removedFields: ['nul'],
      truncatedArrays: [{ field: 'array', newSize: new Int32(2) }],
    };
    base.fullDocument = everyType(i);
    base.fullDocumentBeforeChange = everyType(i - 1);
  }
  return base;
}

function sourceWith(changes: Document[], maxEvents = 1000): ExportSource {
  const log = new EventLog({ maxEvents, maxBytes: 64 * 1024 * 1024 });
  for (const c of changes) log.append(c);
  return { target, options, log };
}

async function exportText(
  source: ExportSource,
  format: 'ndjson' | 'json',
  chunkChars?: number,
): Promise<{ text: string; chunks: string[] }> {
  const chunks: string[] = [];
  await exportRecording(source, { kind: 'all' }, { write: async (c) => void chunks.push(c) }, { format, chunkChars });
  return { text: chunks.join(''), chunks };
}

const ops = ['insert', 'update', 'replace', 'delete', 'update', 'insert'];

describe('recording: export → import round trip', () => {
  for (const format of ['ndjson', 'json'] as const) {
    it(`${format}: every BSON type comes back identical (same canonical EJSON, same types)`, async () => {
      const changes = ops.map((op, i) => change(i + 1, op));
      const src = sourceWith(changes);
      const { text } = await exportText(src, format);
      const back = parseRecording(text);
      assert.deepEqual(back.problems, []);
      assert.equal(back.events.length, changes.length);
      for (let i = 0; i < changes.length; i++) {
        assert.equal(
          EJSON.stringify(back.events[i], { relaxed: false }),
          src.log.get(i + 1)!.ejson,
          `event ${i + 1} differs after the round trip`,
        );
      }
      const doc = back.events[0].fullDocument as Document;
      assert.ok(doc.long instanceof Long && doc.long.toString() === '9007199254740993');
      assert.ok(doc.decimal instanceof Decimal128 && doc.decimal.toString() === '1.10');
      assert.ok(doc.intAsDouble instanceof Double, 'a double holding 3 stays a double');
      assert.ok(doc.int instanceof Int32);
      assert.ok(Object.is((doc.negZero as Double).value, -0));
      assert.ok(doc.ts instanceof Timestamp);
      assert.ok(doc.date instanceof Date && doc.date.getTime() === Date.UTC(2026, 11, 2, 0, 0, 0, 123));
      assert.equal((doc.binaryOld as Binary).sub_type, 2);
      assert.ok(doc.codeScope instanceof Code);
      assert.ok(doc.minKey instanceof MinKey && doc.maxKey instanceof MaxKey);
    });
  }

  it('the header records scope, pipeline, options, first/last token and never the connection string', async () => {
    const src = sourceWith([change(1, 'insert'), change(2, 'delete')]);
    const { text } = await exportText(src, 'ndjson');
    const first = JSON.parse(text.split('\n')[0]) as Record<string, unknown>;
    assert.equal(first.format, 'change-stream-inspector.recording');
    assert.equal(first.version, 1);
    assert.deepEqual(first.scope, { scope: 'collection', db: 'shop', coll: 'o', connectionName: 'Local' });
    assert.deepEqual(first.pipeline, [{ $match: { 'fullDocument.n': { $gt: { $numberLong: '5' } } } }]);
    assert.deepEqual(first.firstToken, { _data: '8200000001' });
    assert.deepEqual(first.lastToken, { _data: '8200000002' });
    assert.equal(first.count, 2);
    assert.ok(!text.includes('mongodb://') && !text.includes('connectionId'));
    const back = parseRecording(text);
    assert.deepEqual(back.header?.options, {
      fullDocument: 'updateLookup',
      fullDocumentBeforeChange: 'whenAvailable',
      showExpandedEvents: false,
    });
  });

  it('is streamed in chunks with progress, and stops when cancelled', async () => {
    const changes = Array.from({ length: 300 }, (_, i) => change(i + 1, 'insert'));
    const src = sourceWith(changes);
    const chunks: string[] = [];
    const progress: number[] = [];
    const ctl = new AbortController();
    const r = await exportRecording(
      src,
      { kind: 'all' },
      {
        write: async (c) => {
          chunks.push(c);
          if (chunks.length === 3) ctl.abort();
        },
      },
      { format: 'ndjson', chunkChars: 8 * 1024, signal: ctl.signal, onProgress: (d) => progress.push(d) },
    );
    assert.equal(r.cancelled, true);
    assert.ok(r.written < 300 && r.written > 0, `wrote ${r.written}`);
    assert.ok(Math.max(...chunks.map((c) => c.length)) < 16 * 1024, 'no chunk much over the chunk size');
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => a - b),
    );
    assert.equal(progress.at(-1), r.written);
  });

  it('exports given seqs or what a filter keeps, oldest first', async () => {
    const src = sourceWith(ops.map((op, i) => change(i + 1, op)));
    const seqChunks: string[] = [];
    await exportRecording(
      src,
      { kind: 'seqs', seqs: [5, 2, 5] },
      { write: async (c) => void seqChunks.push(c) },
      { format: 'ndjson' },
    );
    assert.deepEqual(
      parseRecording(seqChunks.join('')).events.map((e) => e.operationType),
      ['update', 'update'],
    );
    const filtered: string[] = [];
    await exportRecording(
      src,
      { kind: 'filter', keep: (e) => e.summary.op === 'insert', description: 'op: insert' },
      { write: async (c) => void filtered.push(c) },
      { format: 'json' },
    );
    const back = parseRecording(filtered.join(''));
    assert.equal(back.events.length, 2);
    assert.deepEqual(back.header?.selection, { kind: 'filter', description: 'op: insert' });
  });
});

describe('recording: corrupt input', () => {
  it('NDJSON: a bad line is reported with its number and every other line still loads', () => {
    const good = (i: number) => EJSON.stringify(change(i, 'insert'), { relaxed: false });
    const text = [
      '{"format":"change-stream-inspector.recording","version":1,"scope":{"scope":"collection"}}',
      good(1),
      '{"operationType":"insert", "fullDocument": {',
      good(2),
      '[1,2]',
      '{"no":"op"}',
      '{"operationType":"insert","fullDocument":{"n":{"$numberLong":"x"}}}',
      '',
      good(3),
    ].join('\r\n');
    const r = parseRecording(text);
    assert.equal(r.events.length, 3);
    assert.deepEqual(
      r.problems.map((p) => p.line),
      [3, 5, 6, 7],
    );
    assert.match(r.problems[0].message, /^Line 3: not valid JSON/);
    assert.match(r.problems[2].message, /no operationType/);
  });

  it('JSON array: a bad element is reported at its line, the others load, a cut file is said', () => {
    const el = (i: number) => JSON.stringify(JSON.parse(EJSON.stringify(change(i, 'insert'))), null, 2);
    const text = `[\n${el(1)},\n{ "operationType": "insert", "x": tru },\n${el(2)}\n`;
    const r = parseRecording(text);
    assert.equal(r.events.length, 2);
    const badLine = el(1).split('\n').length + 2;
    assert.equal(r.problems[0].line, badLine);
    assert.match(r.problems.at(-1)!.message, /not closed/);
  });

  it('reads a file fed in chunks that split lines and strings anywhere', () => {
    const text = [1, 2, 3].map((i) => EJSON.stringify(change(i, 'insert'), { relaxed: false })).join('\n');
    for (const format of ['lines', 'array'] as const) {
      const body = format === 'array' ? `[${text.split('\n').join(',\n')}]` : text;
      const got: number[] = [];
      const reader = new RecordingReader((_c, line) => got.push(line));
      for (let i = 0; i < body.length; i += 7) reader.push(body.slice(i, i + 7));
      const r = reader.end();
      assert.deepEqual(r.problems, [], format);
      assert.deepEqual(got, [1, 2, 3], format);
    }
  });

  it('an empty file or one of garbage yields no events and bounded problems', () => {
    assert.deepEqual(parseRecording('').events, []);
    const r = parseRecording(Array.from({ length: 500 }, () => 'garbage').join('\n'));
    assert.equal(r.events.length, 0);
    assert.ok(r.problems.length <= 101);
    assert.match(r.problems.at(-1)!.message, /400 more lines/);
  });
});

describe('RecordedSource', () => {
  it('shows the file, lacks pause/options/restart and ignores the controls', async () => {
    const text = (await exportText(sourceWith(ops.map((op, i) => change(i + 1, op))), 'ndjson')).text;
    const parsed = parseRecording(text);
    const src = new RecordedSource({
      id: 'r1',
      fileName: 'orders.ndjson',
      header: parsed.header,
      log: new EventLog({ maxEvents: 4, maxBytes: 1 << 30 }),
    });
    for (const e of parsed.events) src.add(e);
    src.finish(parsed.problems);
    assert.deepEqual(src.capabilities, RECORDED_CAPABILITIES);
    assert.equal(src.capabilities.pause || src.capabilities.options || src.capabilities.restart, false);
    assert.equal(src.log.size, 4);
    assert.match(src.status.detail ?? '', /orders\.ndjson: 4 events/);
    assert.match(src.status.action ?? '', /oldest 2 did not fit/);
    assert.equal(src.target.scope, 'collection');
    assert.match(src.title, /shop\.o · orders\.ndjson \(from Local\)/);
    await src.start();
    src.pause();
    await src.setOptions({ ...src.options, fullDocument: 'default' });
    assert.equal(src.options.fullDocument, 'updateLookup');
    assert.equal(src.status.state, 'stopped');
    assert.equal(src.rate(), 0);
  });
});
