import { strict as assert } from 'node:assert';
import { EventLog } from '../../../../src/core/events/eventLog';
import type { WatchOptions, WatchTarget } from '../../../../src/core/watch/model';
import type { Watch } from '../../../../src/core/watch/watch';
import { WatchOptionsError } from '../../../../src/core/watch/watchSession';
import type { WatchError } from '../../../../src/core/watch/errors';
import { checkWebviewMessage } from '../../../../src/shared/protocol';
import type { InspectorContext } from '../../../../src/vscode/panel/handlers/context';
import {
  currentPipelineText,
  pipelineHandlers,
  type PipelineGlue,
} from '../../../../src/vscode/panel/handlers/pipeline';
import { PipelineLibrary } from '../../../../src/vscode/pipeline/pipelineLibrary';
import { codeSpecOf, watchCode } from '../../../../src/vscode/pipeline/pipelineWork';
import { FakeMemento } from '../../../fakes/storage';

const target: WatchTarget = {
  connectionId: 'c1',
  connectionName: 'Local',
  scope: 'collection',
  db: 'shop',
  coll: 'orders',
};
const BASE: WatchOptions = { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false };

/** A watch whose setOptions records what it was given and can be told to refuse like the server. */
function fakeWatch(refuse?: WatchError) {
  const calls: WatchOptions[] = [];
  const log = new EventLog({ maxEvents: 100, maxBytes: 1e7 });
  const watch = {
    id: 'w1',
    title: 'shop.orders',
    target,
    log,
    options: { ...BASE } as WatchOptions,
    lastToken: undefined as unknown,
    async setOptions(o: WatchOptions) {
      calls.push(o);
      if (refuse) throw new WatchOptionsError(refuse);
      this.options = o;
      return o;
    },
  };
  return { watch, calls, log };
}

function setup(refuse?: WatchError) {
  const { watch, calls, log } = fakeWatch(refuse);
  const memento = new FakeMemento();
  const library = new PipelineLibrary(memento as never, () => new Date('2026-12-02T01:00:00Z'));
  const applied: string[] = [];
  const drafts: string[] = [];
  const glue: PipelineGlue = {
    library,
    applied: (_w, text) => applied.push(text),
    draftChanged: (_w, text) => drafts.push(text),
    openInEditor: async () => true,
    copyAsCode: async () => ({ copied: true }),
  };
  const ctx = { watch: watch as unknown as Watch, pipeline: glue } as unknown as InspectorContext;
  return { watch, calls, log, ctx, applied, drafts, library };
}

const refused: WatchError = {
  code: 'PIPELINE_REFUSED',
  serverCode: 40324,
  message: "The server refused the pipeline: Unrecognized pipeline stage name: '$lookupx'",
  action: 'Fix the pipeline.',
  terminal: false,
  transient: false,
};

describe('pipeline handlers (validate, apply, library)', () => {
  it('validates text with the diagnostic at its line and column, and tells the glue the draft', async () => {
    const { ctx, drafts } = setup();
    const text = "[\n  { $match: { operationType: 'insert' } },\n  { $group: { _id: 1 } }\n]";
    const r = await pipelineHandlers.validatePipeline({ text }, ctx);
    assert.equal(r.ok, false);
    const d = r.diagnostics.find((x) => x.code === 'STAGE_NOT_ALLOWED');
    assert.ok(d, JSON.stringify(r.diagnostics));
    assert.equal(d.line, 3);
    assert.equal(d.column, 5);
    assert.equal(text.slice(d.from, d.to), '$group');
    assert.match(d.action, /\$match/);
    assert.deepEqual(drafts, [text]);
  });

  it('reports a syntax error (unterminated string) with its position and applies nothing', async () => {
    const { ctx, calls } = setup();
    const text = "[ { $match: { a: 'x } } ]";
    const r = await pipelineHandlers.applyPipeline({ text }, ctx);
    assert.equal(r.applied, false);
    assert.ok(!('error' in r));
    assert.equal(r.diagnostics[0]?.line, 1);
    assert.ok(r.diagnostics[0]!.column > 1);
    assert.equal(calls.length, 0, 'nothing reached the watch');
  });

  it('applies good text as canonical EJSON stages, records history, and tells the views', async () => {
    const { ctx, calls, applied, library, watch } = setup();
    const text =
      "[\n  // only this customer\n  { $match: { 'fullDocument.customer': ObjectId('64b000000000000000000001'), 'fullDocument.total': { $gte: NumberDecimal('10.5') } } }\n]";
    const r = await pipelineHandlers.applyPipeline({ text }, ctx);
    assert.equal(r.applied, true);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]!.pipeline, [
      {
        $match: {
          'fullDocument.customer': { $oid: '64b000000000000000000001' },
          'fullDocument.total': { $gte: { $numberDecimal: '10.5' } },
        },
      },
    ]);
    assert.equal(calls[0]!.fullDocument, 'default', 'other options are kept');
    assert.deepEqual(applied, [text]);
    assert.deepEqual(
      library.history(target).map((h) => h.text),
      [text],
    );
    assert.equal(currentPipelineText(watch as unknown as Watch), text, 'the text with its comment is kept');
    // The options as applied pass the wire schema the options form sends back.
    const back = checkWebviewMessage({ kind: 'request', id: 1, method: 'setOptions', params: { options: calls[0] } });
    assert.equal(back.ok, true);
  });

  it('an empty pipeline removes the key, as a watch without a pipeline has', async () => {
    const { ctx, calls, watch } = setup();
    watch.options = { ...BASE, pipeline: [{ $match: { a: 1 } }] };
    const r = await pipelineHandlers.applyPipeline({ text: '[]' }, ctx);
    assert.equal(r.applied, true);
    assert.ok(!('pipeline' in calls[0]!));
  });

  it('a pipeline the server refuses comes back verbatim with its code; the old one stays, no history', async () => {
    const { ctx, library, applied, watch } = setup(refused);
    watch.options = { ...BASE, pipeline: [{ $match: { operationType: 'insert' } }] };
    const r = await pipelineHandlers.applyPipeline({ text: '[{ $match: { a: 1 } }]' }, ctx);
    assert.equal(r.applied, false);
    assert.ok('error' in r && r.error);
    assert.equal(r.error.code, 'PIPELINE_REFUSED');
    assert.equal(r.error.serverCode, 40324);
    assert.equal(r.error.message, refused.message);
    assert.match(r.error.action, /previous pipeline is still running/);
    assert.deepEqual(library.history(target), []);
    assert.deepEqual(applied, []);
    assert.deepEqual(watch.options.pipeline, [{ $match: { operationType: 'insert' } }]);
    assert.match(currentPipelineText(watch as unknown as Watch), /operationType: 'insert'/);
  });

  it("the library request gives the current text, this namespace's history and the saved pipelines", async () => {
    const { ctx } = setup();
    await pipelineHandlers.applyPipeline({ text: '[{ $match: { a: 1 } }]' }, ctx);
    await pipelineHandlers.applyPipeline({ text: '[{ $match: { b: 2 } }]' }, ctx);
    await pipelineHandlers.applyPipeline({ text: '[{ $match: { a: 1 } }]\n' }, ctx);
    await pipelineHandlers.savePipeline({ name: 'inserts', text: "[{ $match: { operationType: 'insert' } }]" }, ctx);
    let lib = await pipelineHandlers.savePipeline({ name: 'big', text: '[]' }, ctx);
    assert.equal(lib.current, '[{ $match: { a: 1 } }]\n');
    assert.deepEqual(
      lib.history.map((h) => h.text),
      ['[{ $match: { a: 1 } }]\n', '[{ $match: { b: 2 } }]'],
      'newest first, the same pipeline once',
    );
    assert.deepEqual(
      lib.saved.map((s) => s.name),
      ['big', 'inserts'],
    );
    lib = await pipelineHandlers.deleteSavedPipeline({ name: 'big' }, ctx);
    assert.deepEqual(
      lib.saved.map((s) => s.name),
      ['inserts'],
    );
  });

  it('the assist lists change-stream stages only, operators, and fullDocument fields seen in events', async () => {
    const { ctx, log } = setup();
    log.append({
      _id: { _data: '01' },
      operationType: 'insert',
      fullDocument: { _id: 1, tenant_id: 't', address: { city: 'x' } },
    });
    const a = await pipelineHandlers.getPipelineAssist({}, ctx);
    assert.ok(a.stages.some((s) => s.label === '$match'));
    assert.ok(!a.stages.some((s) => s.label === '$group'));
    assert.ok(a.operators.some((o) => o.label === '$in'));
    assert.ok(a.operators.some((o) => o.label === '$gte'));
    const fields = a.fields.map((f) => f.label);
    for (const f of ['operationType', 'ns.coll', 'fullDocument.tenant_id', 'fullDocument.address.city'])
      assert.ok(fields.includes(f), f);
    assert.ok(a.fields.find((f) => f.label === 'operationType')?.values?.includes('insert'));
    assert.ok(a.presets.length >= 5);
  });

  it('the request schemas bound the text and the names', () => {
    const big = checkWebviewMessage({
      kind: 'request',
      id: 3,
      method: 'applyPipeline',
      params: { text: 'x'.repeat(600 * 1024) },
    });
    assert.equal(big.ok, false);
    const empty = checkWebviewMessage({
      kind: 'request',
      id: 4,
      method: 'savePipeline',
      params: { name: '  ', text: '[]' },
    });
    assert.equal(empty.ok, false);
  });
});

describe('pipeline library storage', () => {
  it('keeps histories per connection and namespace, bounded, and ignores corrupt stored values', async () => {
    const memento = new FakeMemento();
    const lib = new PipelineLibrary(memento as never);
    const other: WatchTarget = { ...target, coll: 'customers' };
    for (let i = 0; i < 25; i++) await lib.recordApplied(target, `[{ $match: { n: ${i} } }]`);
    await lib.recordApplied(other, '[]');
    assert.equal(lib.history(target).length, 20);
    assert.equal(lib.history(target)[0]!.text, '[{ $match: { n: 24 } }]');
    assert.deepEqual(
      lib.history(other).map((h) => h.text),
      ['[]'],
    );
    await memento.update('csi.pipelineHistory.v1', { 'c1/shop.orders': [{ text: 5 }, null, { text: '[]', at: 'x' }] });
    assert.deepEqual(lib.history(target), [{ text: '[]', at: 'x' }]);
    await memento.update('csi.savedPipelines.v1', 'nonsense');
    assert.deepEqual(lib.saved(), []);
  });
});

describe('copy watch as code spec', () => {
  it('carries scope, pipeline, options and the position; the code reads the URI from the environment', () => {
    const options: WatchOptions = {
      ...BASE,
      fullDocument: 'updateLookup',
      pipeline: [{ $match: { 'fullDocument.customer': { $oid: '64b000000000000000000001' } } }],
    };
    const spec = codeSpecOf(target, options, { kind: 'resumeAfter', token: { _data: '8263' } });
    assert.equal(spec.scope, 'collection');
    assert.equal(spec.coll, 'orders');
    assert.equal(spec.options?.fullDocument, 'updateLookup');
    assert.equal(
      (spec.pipeline[0]!.$match as Record<string, { toHexString(): string }>)['fullDocument.customer']!.toHexString(),
      '64b000000000000000000001',
    );
    assert.deepEqual(spec.start, { kind: 'resumeAfter', token: { _data: '8263' } });
    const code = watchCode(spec, 'node');
    assert.match(code, /process\.env\.MONGODB_URI/);
    assert.match(code, /ObjectId\('64b000000000000000000001'\)|new ObjectId\("64b000000000000000000001"\)/);
    assert.match(code, /updateLookup/);
    assert.match(code, /8263/);
  });
});
