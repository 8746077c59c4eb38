// Field masking end to end: a live watch (the real driver against the sandbox or MONGODB_URI) whose
// session masks `*.email`, `payment.card` and `**.ssn`. The secrets written never reach the panel's
// messages (PanelHost with the fake webview, the real handler tables), an export, generated code,
// a diff, or the quick filter's matches; a masked field that changed still shows as changed.
import { strict as assert } from 'node:assert';
import type { Db, Document, MongoClient } from 'mongodb';
import { EventLog, type LoggedEvent } from '../../../src/core/events/eventLog';
import { nullLogger } from '../../../src/core/logger';
import { generateWatchCode } from '../../../src/core/pipeline/codegen';
import { matchesQuickFilter, parseQuickFilter } from '../../../src/core/pipeline/quickFilter';
import { compileMasking, exportRecording } from '../../../src/core/recording';
import type { WatchTarget } from '../../../src/core/watch/model';
import { Watch } from '../../../src/core/watch/watch';
import { WatchSession } from '../../../src/core/watch/watchSession';
import type { RequestHandlers } from '../../../src/vscode/panel/handlers';
import type { InspectorContext } from '../../../src/vscode/panel/handlers/context';
import { diffHandlers } from '../../../src/vscode/panel/handlers/diff';
import { eventHandlers } from '../../../src/vscode/panel/handlers/events';
import { PanelHost } from '../../../src/vscode/panel/panelHost';
import { watchContent } from '../../../src/vscode/panel/watchContent';
import { FakeWebviewPanel } from '../../fakes/webviewPanel';
import { openTargetDb, type Target } from '../../helpers/target';

const SECRETS = [
  'ada@example.com',
  'grace@example.com',
  '4111111111111111',
  '5500000000000004',
  '123-45-6789',
  '987-65-4321',
];

describe('field masking never lets a masked value leave the host (sandbox or MONGODB_URI)', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  let db: Db;
  let watch: Watch;
  let events: LoggedEvent[] = [];

  before(async function () {
    ({ target, client, db } = await openTargetDb());
    const masking = compileMasking(['*.email', 'payment.card', '**.ssn'], { markChanges: true });
    const t: WatchTarget = {
      connectionId: 'c',
      connectionName: 'T',
      scope: 'collection',
      db: db.databaseName,
      coll: 'people',
    };
    const log = new EventLog({ maxEvents: 100, maxBytes: 1 << 24 });
    const options = {
      fullDocument: 'updateLookup' as const,
      fullDocumentBeforeChange: 'off' as const,
      showExpandedEvents: false,
      maxAwaitTimeMS: 100,
    };
    watch = new Watch(
      'w1',
      t,
      options,
      log,
      (id, tt, o, l) =>
        new WatchSession({
          id,
          client: async () => client,
          target: tt,
          options: o,
          log: l,
          logger: nullLogger,
          mask: masking.mask,
        }),
    );
    await watch.start();
    const people = db.collection<{ _id: number } & Document>('people');
    await people.insertOne({
      _id: 1,
      name: 'Ada',
      contact: { email: 'ada@example.com' },
      payment: { card: '4111111111111111', amount: 5 },
      ssn: '123-45-6789',
    });
    await people.updateOne({ _id: 1 }, { $set: { 'contact.email': 'grace@example.com', name: 'Grace' } });
    await people.updateOne({ _id: 1 }, { $set: { payment: { card: '5500000000000004', amount: 6 } } });
    await people.replaceOne(
      { _id: 1 },
      { name: 'G', contact: { email: 'grace@example.com' }, kids: [{ ssn: '987-65-4321' }] },
    );
    await people.updateOne({ _id: 1 }, { $set: { name: 'G2' } });
    const deadline = Date.now() + 8000;
    while (log.size < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(log.size, 5, 'five events logged');
    events = Array.from({ length: log.size }, (_, i) => log.get(log.firstSeq + i)!);
  });
  after(async function () {
    await watch?.dispose();
    await target?.stop();
  });

  const assertNoSecret = (text: string, where: string) => {
    for (const s of SECRETS) assert.ok(!text.includes(s), `${s} appears in ${where}`);
  };

  it('the log holds masked values only (and the names and amounts it did not mask)', () => {
    const all = events.map((e) => e.ejson).join('\n');
    assertNoSecret(all, 'the log');
    assert.ok(all.includes('<masked·'), 'masked values are marked');
    assert.ok(all.includes('"Grace"') && all.includes('"amount"'));
  });

  it('no panel message carries one: snapshot, summaries, every event in full and every diff', async () => {
    const panel = new FakeWebviewPanel();
    const ctx = { watch } as unknown as InspectorContext;
    const recorded: string[] = [];
    const host = new PanelHost<InspectorContext>({
      panel,
      content: watchContent(
        () => watch,
        () => ({ logId: 'l', reloaded: false }),
      ),
      requests: { ...eventHandlers, ...diffHandlers } as unknown as RequestHandlers<InspectorContext>,
      notifications: {} as never,
      context: () => ctx,
      logger: nullLogger,
      name: () => 'people',
      redact: (t) => t,
      record: (json) => recorded.push(json),
    });
    panel.send({ kind: 'ready', protocol: 1 });
    let id = 0;
    for (const e of events) {
      panel.send({ kind: 'request', id: ++id, method: 'getEvent', params: { seq: e.seq } });
      panel.send({ kind: 'request', id: ++id, method: 'getDiff', params: { seq: e.seq } });
    }
    panel.send({ kind: 'request', id: ++id, method: 'getSummaries', params: { fromSeq: 1, count: 100 } });
    const deadline = Date.now() + 5000;
    const replies = () => panel.posted.filter((m) => (m as { kind?: string }).kind === 'response').length;
    while (replies() < id && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(replies(), id, 'every request answered');
    assert.ok(
      panel.posted.some((m) => (m as { method?: string }).method === 'snapshot'),
      'the snapshot was sent',
    );
    const wire = JSON.stringify(panel.posted);
    assertNoSecret(wire, 'the webview messages');
    assertNoSecret(recorded.join('\n'), 'the message probe');
    assert.ok(wire.includes('<masked·'));
    host.dispose();
  });

  it('the diff of a masked field that changed shows a change; one that did not, none', async () => {
    const d2 = await diffHandlers.getDiff({ seq: events[1].seq }, { watch } as never);
    const set = d2!.update!;
    assert.ok(JSON.stringify(set).includes('contact.email'), 'the email change is listed');
    // The replace keeps grace@example.com, the same value as after event 2: the same masked text.
    const after2 = JSON.parse(events[1].ejson) as { fullDocument: { contact: { email: string } } };
    const after4 = JSON.parse(events[3].ejson) as { fullDocument: { contact: { email: string } } };
    const before = JSON.parse(events[0].ejson) as { fullDocument: { contact: { email: string } } };
    assert.equal(after2.fullDocument.contact.email, after4.fullDocument.contact.email);
    assert.notEqual(before.fullDocument.contact.email, after2.fullDocument.contact.email);
  });

  it('exports carry no masked value, and say which patterns masked them', async () => {
    for (const format of ['ndjson', 'json'] as const) {
      const chunks: string[] = [];
      await exportRecording(
        watch,
        { kind: 'all' },
        { write: async (c) => void chunks.push(c) },
        {
          format,
          masking: ['*.email', 'payment.card', '**.ssn'],
        },
      );
      const text = chunks.join('');
      assertNoSecret(text, `the ${format} export`);
      assert.ok(text.includes('"masking"') && text.includes('**.ssn'));
    }
  });

  it("the quick filter's free text and field clauses never match a masked value", () => {
    for (const q of ['ada@example.com', '4111', '123-45', 'contact.email = "ada@example.com"', 'ssn = "987-65-4321"']) {
      const parsed = parseQuickFilter(q);
      assert.ok(parsed.ok);
      assert.deepEqual(
        events.filter((e) => matchesQuickFilter(e, parsed.query)).map((e) => e.seq),
        [],
        `"${q}" matched a masked value`,
      );
    }
    const names = parseQuickFilter('Grace');
    assert.ok(names.ok && events.some((e) => matchesQuickFilter(e, names.query)), 'unmasked text still matches');
  });

  it('code generated from a pipeline built out of a masked event holds no secret', () => {
    const e = JSON.parse(events[1].ejson) as { fullDocument: { contact: { email: string } } };
    const pipeline = [{ $match: { 'fullDocument.contact.email': e.fullDocument.contact.email } }];
    for (const language of ['node', 'python', 'motor', 'mongosh'] as const) {
      const code = generateWatchCode(
        { scope: 'collection', db: db.databaseName, coll: 'people', pipeline, options: watch.options },
        language,
      );
      assertNoSecret(code, `${language} code`);
      assert.ok(code.includes('<masked·'), `${language} code uses the masked value`);
    }
  });
});
