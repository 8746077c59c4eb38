// The webview's RPC: responses settle the request with the same id, errors and timeouts reject with a code.
import assert from 'node:assert/strict';
import { HostBridge, RequestError, type VsCodeApi } from '../../webview/shared/host-bridge';

function fakeApi(): VsCodeApi & { sent: { id?: number; kind: string; method?: string }[] } {
  const sent: { id?: number; kind: string; method?: string }[] = [];
  return { sent, postMessage: (m) => sent.push(m as never), getState: () => undefined, setState: () => undefined };
}

function fromHost(data: unknown): void {
  window.dispatchEvent(new MessageEvent('message', { data }));
}

describe('HostBridge', () => {
  before(() => {
    (globalThis as { window?: unknown }).window = new EventTarget();
  });
  after(() => {
    delete (globalThis as { window?: unknown }).window;
  });

  it('says ready with the protocol version', () => {
    const api = fakeApi();
    new HostBridge(api).ready();
    assert.deepEqual(api.sent, [{ kind: 'ready', protocol: 1 }]);
  });

  it('resolves a request with the result of the response carrying its id', async () => {
    const api = fakeApi();
    const bridge = new HostBridge(api);
    const a = bridge.request('getEvent', { seq: 1 });
    const b = bridge.request('getEvent', { seq: 2 });
    fromHost({ kind: 'response', id: api.sent[1].id, result: 'second' });
    fromHost({ kind: 'response', id: api.sent[0].id, result: 'first' });
    assert.equal(await a, 'first');
    assert.equal(await b, 'second');
  });

  it('rejects with the host error code and message', async () => {
    const api = fakeApi();
    const bridge = new HostBridge(api);
    const p = bridge.request('setOptions', {
      options: { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false },
    });
    fromHost({ kind: 'response', id: api.sent[0].id, error: { code: 'bad', message: 'Nope. Try again.' } });
    await assert.rejects(
      p,
      (e: unknown) => e instanceof RequestError && e.code === 'bad' && e.message === 'Nope. Try again.',
    );
  });

  it('rejects with a timeout error when the host never answers', async () => {
    const bridge = new HostBridge(fakeApi(), 30);
    await assert.rejects(
      bridge.request('getEvent', { seq: 9 }),
      (e: unknown) => e instanceof RequestError && e.code === 'timeout',
    );
  });

  it('passes notifications to the listener and drops malformed messages', () => {
    const bridge = new HostBridge(fakeApi());
    const got: string[] = [];
    bridge.onNotification((n) => got.push(n.method));
    fromHost(null);
    fromHost('text');
    fromHost({ kind: 'notify', method: 'status' });
    fromHost({ kind: 'notify', method: 'status', params: { state: 'paused', since: 0 } });
    assert.deepEqual(got, ['status']);
  });
});
