// Debian's PyMongo 3.11 runs the scenario scripts in test/clients/pymongo/ against the sandbox (or
// the replica set in MONGODB_URI); each test asserts on what the script printed.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { assertBsonTypeLines, clientSuite, runPymongo, transcript } from './run';

describe('real clients: PyMongo', function () {
  this.timeout(60_000);
  const suite = clientSuite(runPymongo, () => ({}));
  const scenario = suite.scenario;

  it('connects with isMaster and sees one healthy primary and the system databases', async function () {
    const r = await scenario('connect.py');
    assert.match(r.lines[0], /^setName: \S+$/, transcript(r));
    assert.deepEqual(
      r.lines.slice(1, 4),
      ['ismaster: True', 'primary: True', 'member: PRIMARY healthy=True optimeDate=True uptime=True'],
      transcript(r),
    );
    assert.match(r.lines[4], /^databases: admin,config,local,csi_test_[0-9a-f]+$/, transcript(r));
  });

  it('stores, finds, updates and deletes every BSON type with its type intact', async function () {
    const r = await scenario('crud_bson_types.py');
    assert.deepEqual(
      assertBsonTypeLines(r),
      [
        'decoded: long=Int64 decimal=Decimal128 uuid=UUID regex=Regex',
        'exact long match: True',
        'after $inc types: int=int long=long decimal=decimal double=double',
        'after $inc values: int=int:8 long=Int64:9007199254740994 double=float:20.0',
        'decimal exact: True',
        'found by long: 1',
        'deleted: 1',
        'left: 0',
      ],
      transcript(r),
    );
  });

  it('watches orders with fields computed by the server from each event', async function () {
    const r = await scenario('watch_computed_fields.py');
    assert.deepEqual(
      r.lines,
      [
        'insert o1: isHighValue=True withShipping=1505 totalType=int',
        'insert o2: isHighValue=False withShipping=255.5 totalType=double',
        'insert o3: isHighValue=True withShipping=804.99 totalType=decimal',
        'insert o4: isHighValue=False withShipping=125 totalType=long',
        'update o2: isHighValue=True withShipping=655.5 totalType=double',
      ],
      transcript(r),
    );
  });

  it('resumes after a restart from the token saved in a file', async function () {
    const env = { SCENARIO_DB: suite.target.dbName(), TOKEN_FILE: join(suite.scratch, 'token.json') };
    const first = await scenario('resume_after_restart.py', { ...env, PHASE: 'first' });
    assert.deepEqual(first.lines, [
      'saved token: none',
      'processed insert u1',
      'processed insert u2',
      'crash before processing the third user',
    ]);
    const second = await scenario('resume_after_restart.py', { ...env, PHASE: 'second' });
    assert.deepEqual(
      second.lines,
      ['saved token: yes', 'processed insert u3', 'processed update u1', 'more: none'],
      transcript(second),
    );
  });

  it('reads the oplog window from local.oplog.rs', async function () {
    const r = await scenario('oplog_window.py');
    assert.deepEqual(
      r.lines,
      [
        'oplog.rs capped: True',
        'collStats: maxSize>0=True size>0=True count>0=True',
        'window seconds>=0: True',
        'last orders entry: i w1',
        'counts agree: True (1)',
      ],
      transcript(r),
    );
  });

  it('commits with with_transaction, aborts, and checkpoints a token with the work', async function () {
    const r = await scenario('transaction.py');
    assert.deepEqual(
      r.lines,
      [
        'outside before commit: 0',
        'outside after commit: 2',
        'after abort: 0',
        'event insert t1 txnNumber=1 lsid=True',
        'event insert t2 txnNumber=1 lsid=True',
        'checkpoint saved with the work: True',
        'resumes at: insert t2',
      ],
      transcript(r),
    );
  });
});
