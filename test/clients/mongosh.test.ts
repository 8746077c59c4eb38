// mongosh 2.x runs the scenario scripts in test/clients/mongosh/ against the sandbox (or the replica
// set in MONGODB_URI) as a user would from a terminal; each test asserts on what the shell printed.
import { strict as assert } from 'node:assert';
import { assertBsonTypeLines, clientSuite, runMongosh, transcript } from './run';

describe('real clients: mongosh', function () {
  this.timeout(60_000);
  const suite = clientSuite(runMongosh, (scratch) => ({ HOME: scratch }));
  const scenario = suite.scenario;

  it('connects and sees one healthy primary and the system databases', async function () {
    const r = await scenario('connect.js');
    assert.match(r.lines[0], /^setName: \S+$/, transcript(r));
    assert.equal(r.lines[1], 'isWritablePrimary: true', transcript(r));
    assert.match(r.lines[2], /^member: \S+:\d+ PRIMARY health=1 optimeDate=true$/, transcript(r));
    assert.match(r.lines[3], /^databases: admin,config,local,csi_test_[0-9a-f]+$/, transcript(r));
  });

  it('stores, finds, updates and deletes every BSON type with its type intact', async function () {
    const r = await scenario('crud-bson-types.js');
    assert.deepEqual(
      assertBsonTypeLines(r),
      [
        'exact long match: true',
        'after $inc types: int=int long=long decimal=decimal double=double',
        'after $inc values: int=8 long=9007199254740994 double=20',
        'decimal exact: true',
        'found by long: 1',
        'deleted: 1',
        'left: 0',
      ],
      transcript(r),
    );
  });

  it('watches orders with fields computed by the server from each event', async function () {
    const r = await scenario('watch-computed-fields.js');
    assert.deepEqual(
      r.lines,
      [
        'insert o1: isHighValue=true withShipping=1505 totalType=int processedAt=true',
        'insert o2: isHighValue=false withShipping=255.5 totalType=double processedAt=true',
        'insert o3: isHighValue=true withShipping=804.99 totalType=decimal processedAt=true',
        'insert o4: isHighValue=false withShipping=125 totalType=long processedAt=true',
        'update o2: isHighValue=true withShipping=655.5 totalType=double processedAt=true',
        'events: 5',
      ],
      transcript(r),
    );
  });

  it('resumes after a restart from the token it saved, missing nothing and repeating nothing', async function () {
    const db = suite.target.dbName();
    const first = await scenario('resume-after-restart.js', { PHASE: 'first', SCENARIO_DB: db });
    assert.deepEqual(first.lines, [
      'saved token: none',
      'processed insert a1',
      'processed insert a2',
      'crash before processing the third order',
    ]);
    const second = await scenario('resume-after-restart.js', { PHASE: 'second', SCENARIO_DB: db });
    assert.deepEqual(
      second.lines,
      ['saved token: yes', 'processed insert a3', 'processed insert a4', 'more: none'],
      transcript(second),
    );
  });

  it('prints the oplog window with rs.printReplicationInfo()', async function () {
    const r = await scenario('replication-info.js');
    for (const label of [
      'configured oplog size',
      'log length start to end',
      'oplog first event time',
      'oplog last event time',
      'now',
    ])
      assert.ok(r.lines.includes(label), `${label} missing\n${transcript(r)}`);
    assert.deepEqual(
      r.lines.slice(-6),
      [
        'configuredLogSizeMB>0: true',
        'usedMB>0: true',
        'first<=last<=now: true',
        'oplog.rs capped: true size>0: true',
        'counts agree: true',
        'last orders entry: i r1',
      ],
      transcript(r),
    );
  });

  it('commits, aborts and checkpoints a resume token in a transaction', async function () {
    const r = await scenario('transaction.js');
    assert.deepEqual(
      r.lines.map((l) => l.replace(/txnNumber=\d+/, 'txnNumber=N')),
      [
        'inside the transaction: 2',
        'outside before commit: 0',
        'outside after commit: 2',
        'after abort: 0',
        'event insert t1 txnNumber=N lsid=yes',
        'event update t1 txnNumber=N lsid=yes',
        'event insert t2 txnNumber=N lsid=yes',
        'one transaction: true',
        'one cluster time: true',
        'checkpoint saved with the work: true',
        'resumes at: update t1',
      ],
      transcript(r),
    );
  });
});
