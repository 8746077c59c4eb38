/* eslint-disable @typescript-eslint/no-require-imports -- the glue is required after the vscode stub is installed */
// Against the sandbox: the extension's Enable Pre- and Post-Images command (ImageCommands, with the
// vscode stub and the confirmation taken as given) turns recording on, an update then carries both
// images, and the diff the panel gets equals the change made; `required` without images fails with
// the server's own error (code 47, NoMatchingDocument).
import { strict as assert } from 'node:assert';
import type { Db, Document } from 'mongodb';
import { EventLog } from '../../../src/core/events/eventLog';
import { nullLogger } from '../../../src/core/logger';
import type { Watch } from '../../../src/core/watch/watch';
import { installVscodeStub } from '../../fakes/vscodeStub';
import { openTargetDb, type Target } from '../../helpers/target';
import { nextEvents, opened } from '../../helpers/stream';

describe('images through the extension command, and the diff of an update (sandbox)', function () {
  let target: Target;
  let db: Db;
  let restore: () => void;

  before(async function () {
    restore = installVscodeStub();
    ({ target, db } = await openTargetDb());
  });
  after(async function () {
    await target?.stop();
    restore?.();
  });

  it('enables images with the command, an update gets both images, the diff is the change', async function () {
    // Required after the vscode stub is installed (a static import would load 'vscode' first).
    const { ImageCommands } =
      require('../../../src/vscode/commands/imageCommands') as typeof import('../../../src/vscode/commands/imageCommands');
    const { diffHandlers } =
      require('../../../src/vscode/panel/handlers/diff') as typeof import('../../../src/vscode/panel/handlers/diff');
    await db.createCollection('orders');
    const coll = db.collection('orders');
    await coll.insertOne({ _id: 1, status: 'new', qty: 1, note: 'x' } as never);
    let refreshed = 0;
    const deployments = { client: () => target.client() } as never;
    const commands = new ImageCommands(deployments, () => refreshed++, nullLogger);
    const node = {
      kind: 'collection',
      connectionId: 'c1',
      connectionName: 'sandbox',
      db: db.databaseName,
      coll: 'orders',
    };
    assert.equal(await commands.run(node, true, true), true);
    assert.equal(refreshed, 1);
    const info = await db.listCollections({ name: 'orders' }).toArray();
    assert.equal((info[0] as Document).options?.changeStreamPreAndPostImages?.enabled, true);

    const s = await opened(
      coll.watch<Document, Document>([], {
        maxAwaitTimeMS: 100,
        fullDocument: 'required',
        fullDocumentBeforeChange: 'required',
      }),
    );
    try {
      await coll.updateOne({ _id: 1 } as never, { $set: { status: 'paid', qty: 2 }, $unset: { note: '' } });
      const [change] = await nextEvents(s, 1);
      assert.ok(change?.fullDocument && change.fullDocumentBeforeChange, 'both images delivered');
      const log = new EventLog({ maxEvents: 10, maxBytes: 1e6 });
      const logged = log.append(change, { fullDocument: 'required', fullDocumentBeforeChange: 'required' });
      const d = await diffHandlers.getDiff({ seq: logged.seq }, {
        watch: { id: 'w', log } as unknown as Watch,
      } as never);
      const changes = d!
        .images!.entries.filter((e) => e.kind !== 'unchanged')
        .map((e) => [e.kind, e.dotted, e.before, e.after]);
      assert.deepEqual(changes, [
        ['changed', 'status', 'new', 'paid'],
        ['changed', 'qty', { $numberInt: '1' }, { $numberInt: '2' }],
        ['removed', 'note', 'x', undefined],
      ]);
      assert.equal(d!.images!.reconstructed, false);
    } finally {
      await s.close();
    }
  });

  it('fullDocument required without images fails with the server error, code 47', async function () {
    await db.createCollection('plain');
    const coll = db.collection('plain');
    await coll.insertOne({ _id: 1, v: 1 } as never);
    const s = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, fullDocument: 'required' }));
    try {
      await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
      await assert.rejects(nextEvents(s, 1), (e: { code?: number; message: string }) => {
        assert.equal(e.code, 47);
        assert.match(e.message, /post-image/i);
        return true;
      });
    } finally {
      await s.close().catch(() => undefined);
    }
  });
});
