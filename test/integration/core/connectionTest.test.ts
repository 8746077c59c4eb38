// Test Connection against a live deployment: a reachable replica set is named with its version and
// set name, a standalone server is reachable but said to lack change streams, a refused port is told
// within a second or two (not after the driver's 5 s), and a password never shows in the sentence.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { testConnection } from '../../../src/core/connections/connectionTest';
import { getTarget, sandboxOnly, type Target } from '../../helpers/target';

/** A port that was free a moment ago (listened on, then closed), so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('Test Connection', function () {
  this.timeout(30_000);
  let target: Target;
  before(async () => {
    target = await getTarget();
  });
  after(async () => {
    await target?.stop();
  });

  it('says a replica set is reachable, with its server version and set name', async () => {
    const r = await testConnection(target.uri);
    assert.equal(r.ok, true, r.sentence);
    assert.equal(r.topology, 'replicaSet');
    assert.match(r.version ?? '', /^\d+\.\d+/);
    assert.match(
      r.sentence,
      new RegExp(`^Reachable: MongoDB ${r.version!.replace(/\./g, '\\.')}, replica set "${r.setName}"`),
    );
    assert.match(r.sentence, /Change streams work here\.$/);
  });

  it('says a standalone server is reachable but needs a replica set for change streams', async function () {
    sandboxOnly(this);
    const standalone = await getTarget({ standalone: true });
    try {
      const r = await testConnection(standalone.uri);
      assert.equal(r.ok, true, r.sentence);
      assert.equal(r.topology, 'standalone');
      assert.match(r.sentence, /standalone server\. Change streams need a replica set: .*rs\.initiate\(\)/);
    } finally {
      await standalone.stop();
    }
  });

  it('fails fast on a refused port with a sentence saying what to check', async () => {
    const port = await closedPort();
    const started = Date.now();
    const r = await testConnection(`mongodb://127.0.0.1:${port}/?replicaSet=rs0`);
    const took = Date.now() - started;
    assert.equal(r.ok, false);
    assert.equal(
      r.sentence,
      `Not reachable: 127.0.0.1:${port} refused the connection. Check that mongod runs there and listens on that port (it is 27017 unless set otherwise).`,
    );
    assert.ok(took < 2_500, `took ${took} ms; a refused port must not wait for server selection`);
  });

  it('refuses a malformed string before connecting, with the validator sentence', async () => {
    const r = await testConnection('mongodb://127.0.0.1:notaport/');
    assert.equal(r.ok, false);
    assert.match(r.sentence, /"notaport" after "127\.0\.0\.1:" is not a port/);
  });

  it('never echoes the password of a string that fails to log in', async () => {
    const secret = 'Planted-Test-pw-9Zq';
    const url = new URL(target.uri);
    url.username = 'nobody';
    url.password = secret;
    const r = await testConnection(url.toString());
    assert.equal(r.ok, false, r.sentence);
    assert.match(r.sentence, /^Not reachable: /);
    assert.ok(!r.sentence.includes(secret), r.sentence);
    assert.ok(!r.sentence.includes(encodeURIComponent(secret)), r.sentence);
  });
});
