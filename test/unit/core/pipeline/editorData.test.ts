// Completion, hover, event-field and preset data for the editor, and the literal renderers behind
// "copy watch as code".
import { strict as assert } from 'node:assert';
import { Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import {
  checkPipelineText,
  eventFieldPaths,
  expressionCompletions,
  hoverFor,
  PIPELINE_PRESETS,
  queryOperatorCompletions,
  renderLiteral,
  stageCompletions,
  generateWatchCode,
  CodegenError,
} from '../../../../src/core/pipeline';

describe('pipeline editor data', () => {
  it('offers exactly the change-stream stages, by server version', () => {
    assert.deepEqual(
      stageCompletions().map((c) => c.label),
      [
        '$match',
        '$project',
        '$addFields',
        '$set',
        '$unset',
        '$replaceRoot',
        '$replaceWith',
        '$redact',
        '$changeStreamSplitLargeEvent',
      ],
    );
    const on42 = stageCompletions({ serverVersion: '4.2.0' }).map((c) => c.label);
    assert.ok(on42.includes('$replaceWith') && !on42.includes('$changeStreamSplitLargeEvent'));
    assert.ok(!stageCompletions({ serverVersion: '4.0.0' }).some((c) => c.label === '$set'));
    assert.ok(stageCompletions()[0].description?.includes('Filters'));
  });

  it('offers query and expression operators from MongoDB metadata, filtered by version', () => {
    assert.ok(queryOperatorCompletions().some((c) => c.label === '$in'));
    const exprs = expressionCompletions().map((c) => c.label);
    assert.ok(exprs.includes('$objectToArray') && exprs.includes('$$ROOT'));
    assert.ok(!expressionCompletions({ serverVersion: '4.0.0' }).some((c) => c.label === '$getField'));
  });

  it('hovers with a description, and says when a stage is not allowed or too new', () => {
    assert.match(hoverFor('$match')?.description ?? '', /Filters/);
    assert.match(hoverFor('$group')?.description ?? '', /Not accepted in a change-stream pipeline/);
    assert.match(
      hoverFor('$getField', { serverVersion: '4.4.0' })?.description ?? '',
      /Needs MongoDB 5\.0\.0 or newer/,
    );
    assert.equal(hoverFor('status'), undefined);
  });

  it('lists event fields plus the fullDocument and updatedFields paths seen in recent events', () => {
    const paths = eventFieldPaths([
      {
        fullDocument: { total: 5, customer: { tier: 'gold' } },
        updateDescription: { updatedFields: { status: 'paid' } },
      },
      { fullDocument: { tenant_id: 'a' } },
      'not an event',
    ]);
    const names = paths.map((p) => p.path);
    for (const p of [
      'operationType',
      'ns.db',
      'ns.coll',
      'documentKey',
      'updateDescription.updatedFields',
      'clusterTime',
      'wallTime',
      'lsid',
      'txnNumber',
    ])
      assert.ok(names.includes(p), p);
    for (const p of [
      'fullDocument.total',
      'fullDocument.customer.tier',
      'fullDocument.tenant_id',
      'updateDescription.updatedFields.status',
    ])
      assert.ok(paths.find((x) => x.path === p)?.seen, p);
    assert.ok(paths.find((p) => p.path === 'operationType')?.values?.includes('delete'));
  });

  it('every preset is a valid change-stream pipeline', () => {
    assert.equal(PIPELINE_PRESETS.length, 5);
    for (const p of PIPELINE_PRESETS) {
      const r = checkPipelineText(p.text);
      assert.ok(r.ok && r.warnings.length === 0, `${p.id}: ${JSON.stringify(!r.ok && r.diagnostics)}`);
    }
  });
});

describe('pipeline literals per language', () => {
  const value = {
    id: new ObjectId('65a5b8c0f1e2d3c4b5a69788'),
    d: new Date('2024-01-15T10:00:00.123Z'),
    x: Decimal128.fromString('1.50'),
    l: Long.fromString('9007199254740993'),
    i: new Int32(7),
    f: new Double(5),
    g: 2.5,
    big: 3000000000,
    t: new Timestamp({ t: 5, i: 7 }),
    r: /a'b/i,
    s: "it's",
    'a.b': null,
  };

  it('renders Node.js driver literals that keep each BSON type', () => {
    const { code, imports } = renderLiteral(value, 'node');
    for (const part of [
      "id: new ObjectId('65a5b8c0f1e2d3c4b5a69788')",
      "d: new Date('2024-01-15T10:00:00.123Z')",
      "x: Decimal128.fromString('1.50')",
      "l: Long.fromString('9007199254740993')",
      'i: 7',
      'f: new Double(5)',
      'g: 2.5',
      't: new Timestamp({ t: 5, i: 7 })',
      "r: /a'b/i",
      "s: 'it\\'s'",
      "'a.b': null",
    ])
      assert.ok(code.includes(part), `${part} in ${code}`);
    assert.deepEqual([...imports].sort(), ['Decimal128', 'Double', 'Long', 'ObjectId', 'Timestamp']);
  });

  it('renders mongosh literals', () => {
    const { code } = renderLiteral(value, 'mongosh');
    for (const part of [
      "ObjectId('65a5",
      "ISODate('2024-01-15T10:00:00.123Z')",
      "NumberDecimal('1.50')",
      "NumberLong('9007199254740993')",
      'Double(5)',
      'Timestamp({ t: 5, i: 7 })',
    ])
      assert.ok(code.includes(part), part);
  });

  it('renders Python literals with their bson imports', () => {
    const { code, imports } = renderLiteral(value, 'python');
    for (const part of [
      '"id": ObjectId("65a5b8c0f1e2d3c4b5a69788")',
      '"d": datetime.datetime(2024, 1, 15, 10, 0, 0, 123000, tzinfo=datetime.timezone.utc)',
      '"x": Decimal128("1.50")',
      '"l": Int64(9007199254740993)',
      '"i": 7',
      '"f": 5.0',
      '"big": 3000000000.0',
      '"t": Timestamp(5, 7)',
      '"r": Regex("a\'b", "i")',
      '"a.b": None',
    ])
      assert.ok(code.includes(part), `${part} in ${code}`);
    assert.ok(imports.has('from bson.int64 import Int64') && imports.has('import datetime'));
  });

  it('refuses a date Python cannot hold, as an error value with an action', () => {
    assert.throws(
      () => renderLiteral(new Date('+010000-01-01T00:00:00Z'), 'python'),
      (e: unknown) => e instanceof CodegenError && e.code === 'CODEGEN_UNSUPPORTED' && /1 and 9999/.test(e.action),
    );
  });

  it('never puts a connection string in generated code: only the MONGODB_URI variable', () => {
    for (const lang of ['node', 'python', 'motor', 'mongosh'] as const) {
      const code = generateWatchCode({ scope: 'deployment', pipeline: [] }, lang);
      assert.ok(code.includes('MONGODB_URI'), lang);
      assert.ok(!/mongodb(\+srv)?:\/\/[^'"\s]*@/.test(code), `${lang} has no credentials`);
    }
  });
});
