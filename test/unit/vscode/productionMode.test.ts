import { strict as assert } from 'node:assert';
import { fakeContext, installVscodeStub, ExtensionMode } from '../../fakes/vscodeStub';

// Loads the real activate() against a stub 'vscode' and counts what the message probe is handed.
describe('test seams in production', () => {
  let restore: () => void;
  let records: string[];
  let ext: typeof import('../../../src/extension');

  before(() => {
    restore = installVscodeStub();
    // require, not import(): the stub hooks the CommonJS loader the sources run under.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Probe } = require('../../../src/vscode/probe') as typeof import('../../../src/vscode/probe');
    const original = Probe.prototype.record;
    records = [];
    Probe.prototype.record = function (this: InstanceType<typeof Probe>, channel, text) {
      records.push(`${channel}: ${text}`);
      original.call(this, channel, text);
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ext = require('../../../src/extension') as typeof import('../../../src/extension');
  });

  after(() => restore());

  async function activateIn(mode: number) {
    records.length = 0;
    const context = fakeContext(mode);
    const api = ext.activate(context as never);
    await new Promise((r) => setImmediate(r));
    await ext.deactivate();
    for (const s of context.subscriptions as { dispose(): unknown }[]) s.dispose();
    return api;
  }

  it('keeps no copy of log lines or messages and hands out no test API in production', async () => {
    const api = await activateIn(ExtensionMode.Production);
    assert.equal(api, undefined);
    assert.deepEqual(records, [], 'the probe saw nothing');
  });

  it('records what went out only when the extension runs under a test runner', async () => {
    const api = await activateIn(ExtensionMode.Test);
    assert.ok(api, 'the test API is returned in test mode');
    assert.ok(
      records.some((r) => r.startsWith('log: ') && r.includes('activated')),
      records.join('\n'),
    );
  });
});
