// "Copy watch as code" is run, not just printed: the Node.js program and the mongosh script against
// the sandbox, PyMongo with Debian's python3 (3.11 has the options used), Motor compiled only.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EJSON } from 'bson';
import { MongoClient, type Collection, type Timestamp } from 'mongodb';
import { startSandbox, type Sandbox } from '../../../../src/sandbox';
import {
  checkPipelineText,
  generateWatchCode,
  type CodeLanguage,
  type WatchCodeSpec,
} from '../../../../src/core/pipeline';
import { mongoshPath, pythonPath } from '../../../helpers/realClients';
import { runSnippet } from './runSnippet';

interface PrintedEvent {
  operationType: string;
  fullDocument: { n: number; even?: boolean };
}

const NODE_MODULES = resolve(__dirname, '../../../../node_modules');
const PIPELINE_TEXT = `[
  // only inserts of even-numbered documents
  { $match: { operationType: 'insert', 'fullDocument.even': true } },
  { $project: { 'fullDocument.n': 1, operationType: 1, ns: 1 } }
]`;

function pipeline(): WatchCodeSpec['pipeline'] {
  const r = checkPipelineText(PIPELINE_TEXT);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.pipeline;
}

describe('copy watch as code, run against the sandbox', function () {
  this.timeout(90000);
  let sandbox: Sandbox;
  let client: MongoClient;
  let dir: string;
  let next = 1;

  before(async () => {
    sandbox = await startSandbox();
    client = new MongoClient(sandbox.uri);
    await client.connect();
  });
  after(async () => {
    await client?.close();
    await sandbox?.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'csi-watchcode-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Inserts n numbered documents; returns the numbers of those the pipeline keeps (even ones). */
  async function writeNumbered(coll: Collection, count: number): Promise<number[]> {
    const kept: number[] = [];
    for (let k = 0; k < count; k++) {
      const n = next++;
      await coll.insertOne({ n, even: n % 2 === 0 });
      if (n % 2 === 0) kept.push(n);
    }
    await coll.updateMany({}, { $set: { touched: true } }); // updates: never printed
    return kept;
  }

  /** The cluster time of a marker write, so the first run starts at a known point (no race). */
  async function now(coll: Collection): Promise<Timestamp> {
    const session = client.startSession();
    try {
      await coll.insertOne({ marker: true }, { session });
      return session.operationTime as Timestamp;
    } finally {
      await session.endSession();
    }
  }

  function command(lang: CodeLanguage, file: string, uri = sandbox.uri): [string, string[]] {
    if (lang === 'node') return [process.execPath, [file]];
    if (lang === 'mongosh') return [mongoshPath(), [uri, '--quiet', file]];
    return [pythonPath(), [file]];
  }

  async function firstAndResumedRun(lang: CodeLanguage, ext: string): Promise<void> {
    const coll = client.db('codegen').collection(`${lang}_${Date.now()}`);
    const start = await now(coll);
    const spec: WatchCodeSpec = {
      scope: 'collection',
      db: 'codegen',
      coll: coll.collectionName,
      pipeline: pipeline(),
      options: { fullDocument: 'updateLookup', batchSize: 50, maxAwaitTimeMS: 200 },
      start: { kind: 'startAtOperationTime', time: start },
    };
    const file = join(dir, `watch.${ext}`);
    writeFileSync(file, generateWatchCode(spec, lang));
    const tokenFile = join(dir, 'resume-token.json');
    const env = { MONGODB_URI: sandbox.uri, TOKEN_FILE: tokenFile, NODE_PATH: NODE_MODULES };

    const kept1 = await writeNumbered(coll, 10);
    const [cmd, args] = command(lang, file);
    const run1 = runSnippet(cmd, args, env, dir);
    const got1 = (await run1.waitForLines(kept1.length)).map((l) => EJSON.parse(l) as PrintedEvent);
    await new Promise((r) => setTimeout(r, 600)); // nothing more may arrive: updates are filtered
    assert.deepEqual(
      got1.map((e) => e.fullDocument.n),
      kept1,
    );
    assert.equal(run1.lines.length, kept1.length, `extra lines: ${run1.lines.join('\n')}`);
    assert.ok(
      got1.every((e) => e.operationType === 'insert' && e.fullDocument.even === undefined),
      '$project kept only n',
    );
    await run1.stop();
    assert.ok(existsSync(tokenFile), 'the resume position was saved');
    const saved = EJSON.parse(readFileSync(tokenFile, 'utf8')) as { resumeAfter?: { _data?: unknown } };
    assert.equal(typeof saved.resumeAfter?._data, 'string');

    // Written while nothing watches: the restarted program must print exactly these, none of the first.
    const kept2 = await writeNumbered(coll, 8);
    const run2 = runSnippet(cmd, args, env, dir);
    const got2 = (await run2.waitForLines(kept2.length)).map((l) => EJSON.parse(l) as PrintedEvent);
    await new Promise((r) => setTimeout(r, 600));
    await run2.stop();
    assert.deepEqual(
      got2.map((e) => e.fullDocument.n),
      kept2,
    );
    assert.equal(run2.lines.length, kept2.length, `extra lines: ${run2.lines.join('\n')}`);
  }

  it('the Node.js program prints exactly the matching events and resumes from its saved token', async () => {
    await firstAndResumedRun('node', 'js');
  });

  it('the mongosh script prints exactly the matching events and resumes from its saved token', async () => {
    await firstAndResumedRun('mongosh', 'js');
  });

  it('the PyMongo program (run with PyMongo 3.11) prints exactly the matching events and resumes', async () => {
    await firstAndResumedRun('python', 'py');
  });

  describe('when the saved token is older than the oplog (286)', () => {
    // This sandbox reports 286 only once its oplog ring has dropped entries, so use a tiny, wrapped one.
    let small: Sandbox;
    before(async () => {
      small = await startSandbox({ oplogSize: 10 });
      const c = new MongoClient(small.uri);
      try {
        for (let k = 0; k < 25; k++) await c.db('codegen').collection('gone').insertOne({ k });
      } finally {
        await c.close();
      }
    });
    after(async () => small?.stop());

    for (const lang of ['node', 'mongosh', 'python'] as const) {
      it(`the ${lang} program stops with a clear message and does not retry`, async () => {
        const spec: WatchCodeSpec = { scope: 'collection', db: 'codegen', coll: 'gone', pipeline: [] };
        const file = join(dir, lang === 'python' ? 'watch.py' : 'watch.js');
        writeFileSync(file, generateWatchCode(spec, lang));
        const tokenFile = join(dir, 'resume-token.json');
        // A well-formed token from 1970: long gone from the oplog, as after a long outage.
        writeFileSync(tokenFile, JSON.stringify({ resumeAfter: { _data: '8200000001000000012B02000000000004' } }));
        const [cmd, args] = command(lang, file, small.uri);
        const run = runSnippet(
          cmd,
          args,
          { MONGODB_URI: small.uri, TOKEN_FILE: tokenFile, NODE_PATH: NODE_MODULES },
          dir,
        );
        const timer = setTimeout(() => void run.stop(), 30000);
        const code = await run.exited;
        clearTimeout(timer);
        assert.equal(code, 2, run.stderr());
        assert.match(run.stderr(), /Cannot continue from the saved position \(error 286/);
        assert.match(run.stderr(), /delete .*resume-token\.json to start from now/);
        assert.equal(run.lines.length, 0);
      });
    }
  });

  it('PyMongo with 4.x-only options and Motor compile with py_compile', () => {
    const spec: WatchCodeSpec = {
      scope: 'database',
      db: 'shop',
      pipeline: pipeline(),
      options: { fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'required', showExpandedEvents: true },
      start: { kind: 'startAfter', token: { _data: '8200000001000000012B02010000000004' } },
    };
    for (const lang of ['python', 'motor'] as const) {
      const code = generateWatchCode(spec, lang);
      const file = join(dir, `${lang}.py`);
      writeFileSync(file, code);
      const r = spawnSync(pythonPath(), ['-m', 'py_compile', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${lang}: ${r.stderr}`);
      assert.match(code, /"full_document_before_change": "required"/);
      assert.match(code, /"show_expanded_events": True/);
    }
  });
});
