// Sandbox authentication: SCRAM-SHA-256 / SCRAM-SHA-1 with the real driver, mongod's error 18 for bad
// credentials, hello's saslSupportedMechs, and the CLI's --user. Sandbox-only: it configures users.
import { strict as assert } from 'node:assert';
import { Binary, MongoClient, MongoServerError, type Document } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { parseArgs } from '../../src/sandbox/cli';
import { describeSandboxOnly } from '../helpers/target';
import { nextEvents, opened } from '../helpers/stream';

const PASSWORD = 'Pl4nted-s3cret';

function withCredentials(uri: string, user: string, password: string, extra = ''): string {
  return uri.replace('mongodb://', `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`) + extra;
}

describeSandboxOnly('sandbox authentication (SCRAM)', function () {
  let sandbox: Sandbox;
  const clients: MongoClient[] = [];

  function client(uri: string): MongoClient {
    const c = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    clients.push(c);
    return c;
  }

  async function connectionUsers(c: MongoClient): Promise<Document[]> {
    const status = await c.db('admin').command({ connectionStatus: 1 });
    return status.authInfo.authenticatedUsers as Document[];
  }

  async function authFailure(uri: string): Promise<MongoServerError> {
    const err = await client(uri)
      .connect()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof MongoServerError, `expected a MongoServerError, got ${String(err)}`);
    return err;
  }

  before(async function () {
    sandbox = await startSandbox({
      users: [
        { user: 'alice', password: PASSWORD },
        { user: 'bob', password: 'b0b', db: 'shop' },
      ],
    });
  });
  afterEach(async function () {
    await Promise.all(clients.splice(0).map((c) => c.close(true).catch(() => undefined)));
  });
  after(async function () {
    await sandbox?.stop();
  });

  it('lets the right credentials connect with SCRAM-SHA-256 and round-trip an insert and its change event', async function () {
    const c = client(withCredentials(sandbox.uri, 'alice', PASSWORD));
    await c.connect();
    assert.deepEqual(await connectionUsers(c), [{ user: 'alice', db: 'admin' }]);
    const coll = c.db('authdb').collection('things');
    const stream = await opened(coll.watch([], { maxAwaitTimeMS: 100 }));
    try {
      await coll.insertOne({ _id: 'a1', n: 1 } as never);
      assert.deepEqual(await coll.findOne({ _id: 'a1' } as never), { _id: 'a1', n: 1 });
      const [event] = await nextEvents(stream, 1);
      assert.equal(event.operationType, 'insert');
      assert.equal(event.documentKey._id, 'a1');
    } finally {
      await stream.close();
    }
  });

  it('lets the right credentials connect with SCRAM-SHA-1 when the client asks for it', async function () {
    const c = client(withCredentials(sandbox.uri, 'alice', PASSWORD, '&authMechanism=SCRAM-SHA-1'));
    await c.connect();
    assert.deepEqual(await connectionUsers(c), [{ user: 'alice', db: 'admin' }]);
  });

  it('authenticates a user against the database it was created in (authSource)', async function () {
    const c = client(withCredentials(sandbox.uri, 'bob', 'b0b', '&authSource=shop'));
    await c.connect();
    assert.deepEqual(await connectionUsers(c), [{ user: 'bob', db: 'shop' }]);
    const wrongDb = await authFailure(withCredentials(sandbox.uri, 'bob', 'b0b'));
    assert.equal(wrongDb.code, 18);
  });

  it('refuses a wrong password with 18 AuthenticationFailed and never echoes the password', async function () {
    const wrong = 'Wr0ng-pa55word';
    for (const mechanism of ['', '&authMechanism=SCRAM-SHA-1']) {
      const err = await authFailure(withCredentials(sandbox.uri, 'alice', wrong, mechanism));
      assert.equal(err.code, 18);
      assert.equal(err.codeName, 'AuthenticationFailed');
      assert.equal(err.errmsg, 'Authentication failed.');
      const text = `${err.message} ${err.stack ?? ''} ${JSON.stringify(err)}`;
      assert.ok(!text.includes(wrong) && !text.includes(PASSWORD), 'the error mentions a password');
    }
  });

  it('refuses an unknown user with the same 18 AuthenticationFailed', async function () {
    const err = await authFailure(withCredentials(sandbox.uri, 'mallory', PASSWORD));
    assert.equal(err.code, 18);
    assert.equal(err.errmsg, 'Authentication failed.');
  });

  it('advertises SCRAM mechanisms in hello only for a user that exists', async function () {
    const c = client(sandbox.uri);
    const known = await c.db('admin').command({ hello: 1, saslSupportedMechs: 'admin.alice' });
    assert.deepEqual([...known.saslSupportedMechs].sort(), ['SCRAM-SHA-1', 'SCRAM-SHA-256']);
    const unknown = await c.db('admin').command({ hello: 1, saslSupportedMechs: 'admin.mallory' });
    assert.equal(unknown.saslSupportedMechs, undefined);
  });

  it("answers the handshake's speculativeAuthenticate with the saslStart reply, and leaves it out for an unknown user", async function () {
    const c = client(sandbox.uri);
    const start = (user: string): Document => ({
      saslStart: 1,
      mechanism: 'SCRAM-SHA-256',
      payload: new Binary(Buffer.from(`n,,n=${user},r=clientnonce`)),
      db: 'admin',
    });
    const known = await c.db('admin').command({ hello: 1, speculativeAuthenticate: start('alice') });
    assert.equal(known.speculativeAuthenticate.conversationId, 1);
    assert.equal(known.speculativeAuthenticate.done, false);
    assert.match(
      Buffer.from(known.speculativeAuthenticate.payload.buffer).toString('utf8'),
      /^r=clientnonce[^,]+,s=[^,]+,i=15000$/,
    );
    const unknown = await c.db('admin').command({ hello: 1, speculativeAuthenticate: start('mallory') });
    assert.equal(unknown.speculativeAuthenticate, undefined);
    assert.equal(unknown.ok, 1);
  });

  it('runs commands for unauthenticated clients too (no access control)', async function () {
    const c = client(sandbox.uri);
    await c
      .db('authdb')
      .collection('open')
      .insertOne({ _id: 'anon' } as never);
    assert.equal(await c.db('authdb').collection('open').countDocuments(), 1);
    assert.deepEqual(await connectionUsers(c), []);
  });

  it('answers saslContinue without a conversation with an error, not a crash', async function () {
    const c = client(sandbox.uri);
    const err = await c
      .db('admin')
      .command({ saslContinue: 1, conversationId: 1, payload: Buffer.from('c=biws') })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof MongoServerError);
    assert.equal(err.code, 17);
  });
});

describeSandboxOnly('sandbox without users', function () {
  it('answers a client that authenticates with 18 AuthenticationFailed, not "no such command"', async function () {
    const sandbox = await startSandbox();
    const c = new MongoClient(withCredentials(sandbox.uri, 'alice', PASSWORD), { serverSelectionTimeoutMS: 5000 });
    try {
      const err = await c.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof MongoServerError, `expected a MongoServerError, got ${String(err)}`);
      assert.equal(err.code, 18);
      assert.ok(!err.message.includes(PASSWORD));
    } finally {
      await c.close(true);
      await sandbox.stop();
    }
  });
});

describeSandboxOnly('sandbox CLI --user', function () {
  it('collects repeated --user NAME:PASSWORD options, keeping colons in the password', function () {
    const o = parseArgs(['--user', 'alice:pa:ss', '--user=bob:b0b']);
    assert.deepEqual(o.users, [
      { user: 'alice', password: 'pa:ss' },
      { user: 'bob', password: 'b0b' },
    ]);
  });

  it('lets a sandbox started with the CLI users authenticate them', async function () {
    const { users } = parseArgs(['--user', 'carol:c4rol']);
    const sandbox = await startSandbox({ users });
    const c = new MongoClient(withCredentials(sandbox.uri, 'carol', 'c4rol'), { serverSelectionTimeoutMS: 5000 });
    try {
      const status = await c.db('admin').command({ connectionStatus: 1 });
      assert.deepEqual(status.authInfo.authenticatedUsers, [{ user: 'carol', db: 'admin' }]);
    } finally {
      await c.close(true);
      await sandbox.stop();
    }
  });
});
