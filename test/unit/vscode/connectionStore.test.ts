// The connection store in plain mocha (fake Memento and SecretStorage, stub 'vscode'): the full string
// lives only in SecretStorage, globalState holds only the redacted form, and the password is redacted.
import { strict as assert } from 'node:assert';
import { FakeMemento, FakeSecretStorage } from '../../fakes/storage';
import { installVscodeStub } from '../../fakes/vscodeStub';

const URI = 'mongodb://alice:s3cr%3At-Pw@db.example.com:27017/?replicaSet=rs0';
const PASSWORD = 's3cr:t-Pw';

describe('ConnectionStore (fake Memento and SecretStorage)', () => {
  let restore: () => void;
  let mod: typeof import('../../../src/vscode/connections/connectionStore');
  let logMod: typeof import('../../../src/vscode/outputLog');

  before(() => {
    restore = installVscodeStub();
    // require, not import(): the stub hooks the CommonJS loader the sources run under.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../../src/vscode/connections/connectionStore');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    logMod = require('../../../src/vscode/outputLog');
  });
  after(() => restore());

  function make() {
    const state = new FakeMemento();
    const secrets = new FakeSecretStorage();
    const known = new logMod.KnownSecrets();
    const store = new mod.ConnectionStore(state as never, secrets as never, known);
    return { state, secrets, known, store };
  }

  it('keeps the full connection string only in SecretStorage and a redacted form in globalState', async () => {
    const { state, secrets, store } = make();
    const added = await store.add('  prod  ', URI);
    assert.equal(added.name, 'prod');
    assert.equal(await secrets.get((await secrets.keys())[0]), URI);
    const saved = JSON.stringify(state.keys().map((k) => state.get(k)));
    assert.ok(!saved.includes(PASSWORD) && !saved.includes('s3cr%3At'), `globalState holds the password: ${saved}`);
    assert.match(store.get(added.id)?.display ?? '', /db\.example\.com:27017/);
    assert.equal(await store.uri(added.id), URI);
  });

  it('makes the password known to the redaction, in plain and URL-encoded form', async () => {
    const { known, store } = make();
    await store.add('prod', URI);
    const text = known.redact(`failed: ${URI} (password ${PASSWORD}, encoded s3cr%3At-Pw)`);
    assert.ok(!text.includes(PASSWORD) && !text.includes('s3cr%3At-Pw'), text);
  });

  it('updates, renames and removes: removing deletes the secret too', async () => {
    const { secrets, store } = make();
    const c = await store.add('a', 'mongodb://127.0.0.1:27017/');
    await store.update(c.id, 'mongodb://bob:pw2@127.0.0.1:27018/');
    await store.rename(c.id, ' b ');
    assert.equal(store.get(c.id)?.name, 'b');
    assert.match(store.get(c.id)?.display ?? '', /27018/);
    assert.doesNotMatch(store.get(c.id)?.display ?? '', /pw2/);
    await store.remove(c.id);
    assert.equal(store.get(c.id), undefined);
    assert.deepEqual(await secrets.keys(), []);
  });

  it('ignores malformed entries in globalState instead of failing', async () => {
    const { state, store } = make();
    const good = await store.add('ok', 'mongodb://127.0.0.1:27017/');
    const key = state.keys().find((k) => Array.isArray(state.get(k)));
    assert.ok(key);
    await state.update(key, [...(state.get<unknown[]>(key) ?? []), null, 7, { id: 1 }, { id: 'x', name: 'n' }]);
    assert.deepEqual(
      store.list().map((c) => c.id),
      [good.id],
    );
  });

  it('shows the Sandbox once it was used or once any connection exists', async () => {
    const a = make();
    assert.equal(a.store.sandboxVisible(), false);
    await a.store.markSandboxSeen();
    assert.equal(a.store.sandboxVisible(), true);
    const b = make();
    await b.store.add('x', 'mongodb://127.0.0.1:1/');
    assert.equal(b.store.sandboxVisible(), true);
  });
});
