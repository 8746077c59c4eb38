import { strict as assert } from 'node:assert';
import { nullLogger } from '../../../src/core/logger';
import type { NotifyHandlers, RequestHandlers } from '../../../src/vscode/panel/handlers';
import { PanelHost, type PanelContent } from '../../../src/vscode/panel/panelHost';
import { PROTOCOL_VERSION, type AppendedParams, type PanelSnapshot } from '../../../src/shared/protocol';
import { FakeWebviewPanel } from '../../fakes/webviewPanel';

/** A log of `last` events whose snapshot/appends the host sends. */
function content(state: { last: number; rate: number }): PanelContent {
  const appended = (after: number): AppendedParams => ({
    summaries: Array.from({ length: Math.max(0, state.last - after) }, (_, i) => ({
      seq: after + i + 1,
      time: '',
      op: 'insert',
      ns: 'db.c',
      key: '',
      changed: '',
      bytes: 1,
      hasPre: false,
      hasPost: false,
    })),
    firstSeq: 1,
    lastSeq: state.last,
    counts: {},
    total: state.last,
    rate: state.rate,
    evicted: 0,
  });
  return {
    snapshot: () => ({ protocol: PROTOCOL_VERSION, lastSeq: state.last, rate: state.rate }) as unknown as PanelSnapshot,
    lastSeq: () => state.last,
    appendedAfter: appended,
    rate: () => state.rate,
  };
}

function makeHost(record?: (json: string) => void) {
  const panel = new FakeWebviewPanel();
  const state = { last: 0, rate: 0 };
  const calls: string[] = [];
  const requests = {
    getEvent: ({ seq }: { seq: number }) => (seq === 7 ? null : null),
    getSummaries: () => [],
    setOptions: ({ options }: { options: unknown }) => options,
    startFrom: () => {
      throw Object.assign(new Error('no way'), { code: 'NOPE', error: { action: 'Do this.' } });
    },
  } as unknown as RequestHandlers<object>;
  const notifications = {
    pause: () => void calls.push('pause'),
    resume: () => void calls.push('resume'),
    clear: () => void calls.push('clear'),
    stop: () => void calls.push('stop'),
    restart: () => void calls.push('restart'),
    copy: ({ what }: { what: string }) => void calls.push(`copy ${what}`),
    runDoctor: () => void calls.push('runDoctor'),
    selectionChanged: () => void calls.push('selectionChanged'),
  } as NotifyHandlers<object>;
  const host = new PanelHost<object>({
    panel,
    content: content(state),
    requests,
    notifications,
    context: () => ({}),
    logger: nullLogger,
    name: () => 'db.c',
    redact: (t) => t,
    record,
  });
  return { panel, state, calls, host };
}

const tick = () => new Promise((r) => setImmediate(r));
type Posted = {
  kind: string;
  method?: string;
  id?: number;
  error?: { code: string; action: string };
  params?: { summaries?: unknown[]; lastSeq?: number; rate?: number };
};

describe('PanelHost', () => {
  it('answers a malformed request that carries an id at once, with that id and an error', async () => {
    const { panel } = makeHost();
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    panel.send({ kind: 'request', id: 41, method: 'getSummaries', params: { fromSeq: 0, count: 5000 } });
    panel.send({ kind: 'request', id: 42, method: 'noSuchMethod', params: {} });
    panel.send({ kind: 'request', id: 43, method: 'getEvent', params: 'seven' });
    await tick();
    const replies = (panel.posted as Posted[]).filter((m) => m.kind === 'response');
    assert.deepEqual(
      replies.map((r) => [r.id, r.error?.code]),
      [
        [41, 'BAD_REQUEST'],
        [42, 'BAD_REQUEST'],
        [43, 'BAD_REQUEST'],
      ],
    );
    assert.ok(
      replies.every((r) => r.error && r.error.action.length > 0),
      'every error says what to do',
    );
  });

  it('posts nothing before ready and a snapshot on every ready', async () => {
    const { panel, host, state } = makeHost();
    state.last = 3;
    host.markAppended();
    assert.equal(panel.posted.length, 0);
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    await tick();
    assert.deepEqual(
      (panel.posted as Posted[]).map((m) => m.method),
      ['snapshot', 'snapshot'],
    );
  });

  it('sends appends at the end of the turn when idle (one post for a burst) and merges while a post is in flight', async () => {
    const { panel, host, state } = makeHost();
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    await tick();
    const appends = () => (panel.posted as Posted[]).filter((m) => m.method === 'appended');
    panel.hold = true;
    state.last = 1;
    host.markAppended();
    await tick();
    assert.equal(appends().length, 1, 'sent once the turn ended, without a timer');
    assert.equal(appends()[0].params?.summaries?.length, 1);
    for (let i = 2; i <= 50; i++) {
      state.last = i;
      host.markAppended();
    }
    await tick();
    assert.equal(appends().length, 1, 'held while busy');
    panel.hold = false;
    panel.release();
    await tick();
    await tick();
    assert.equal(appends().length, 2, 'the 49 later events went in one merged append');
    assert.equal(appends()[1].params?.summaries?.length, 49);
    assert.equal(appends()[1].params?.lastSeq, 50);
    // Idle again: the events a driver batch logs in one turn go in one post, not the first alone.
    for (let i = 51; i <= 80; i++) {
      state.last = i;
      host.markAppended();
    }
    assert.equal(appends().length, 2, 'nothing posted before the turn ends');
    await tick();
    assert.equal(appends().length, 3);
    assert.equal(appends()[2].params?.summaries?.length, 30);
    assert.equal(appends()[2].params?.lastSeq, 80);
  });

  it('posts nothing at the end of the turn for a panel disposed or hidden meanwhile', async () => {
    const { panel, host, state } = makeHost();
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    await tick();
    state.last = 1;
    host.markAppended();
    panel.visible = false;
    await tick();
    assert.equal((panel.posted as Posted[]).filter((m) => m.method === 'appended').length, 0, 'hidden');
    panel.visible = true;
    state.last = 2;
    host.markAppended();
    host.dispose();
    await tick();
    assert.equal((panel.posted as Posted[]).filter((m) => m.method === 'appended').length, 0, 'disposed');
  });

  it('holds appends for a hidden panel and resyncs it with a snapshot when shown', async () => {
    const { panel, host, state } = makeHost();
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    await tick();
    panel.setVisible(false);
    state.last = 5;
    host.markAppended();
    panel.setVisible(true);
    assert.deepEqual(
      (panel.posted as Posted[]).map((m) => m.method),
      ['snapshot', 'snapshot'],
    );
  });

  it('tells the panel when the rate decays, with no new events', async () => {
    const { panel, host, state } = makeHost();
    state.rate = 2;
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    await tick();
    host.refreshRate();
    assert.equal(panel.posted.length, 1, 'unchanged rate: nothing sent');
    state.rate = 0;
    host.refreshRate();
    const last = panel.posted[panel.posted.length - 1] as Posted;
    assert.equal(last.method, 'appended');
    assert.equal(last.params?.rate, 0);
  });

  it('routes notifications to their handlers and a thrown handler error to a reply with its code', async () => {
    const { panel, calls } = makeHost();
    panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    panel.send({ kind: 'notify', method: 'pause' });
    panel.send({ kind: 'notify', method: 'copy', params: { text: 'x', what: 'value' } });
    panel.send({ kind: 'notify', method: 'copy', params: { text: 1, what: 'value' } });
    panel.send({ kind: 'request', id: 9, method: 'startFrom', params: { position: { kind: 'now' } } });
    await tick();
    assert.deepEqual(calls, ['pause', 'copy value']);
    const reply = (panel.posted as Posted[]).find((m) => m.id === 9);
    assert.equal(reply?.error?.code, 'NOPE');
    assert.equal(reply?.error?.action, 'Do this.');
  });

  it('keeps no copy of what it posts unless a test recorder is given', async () => {
    const recorded: string[] = [];
    const withProbe = makeHost((json) => recorded.push(json));
    withProbe.panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    await tick();
    assert.equal(recorded.length, 1);
    // Production builds pass no recorder: the host has nowhere to keep messages.
    const production = makeHost();
    production.panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
    await tick();
    assert.ok(!Object.values(production.host).some((v) => Array.isArray(v) && v.length > 0));
  });

  it('stops listening to the panel when disposed', () => {
    const { panel, host } = makeHost();
    assert.equal(panel.listenerCount, 2);
    host.dispose();
    assert.equal(panel.listenerCount, 0);
  });
});
