// The quick-filter handlers behind a real PanelHost and watchContent: set a filter over the whole log,
// page its matches, see new matches ride on `appended`, clear it, and get a bad text back as an error.
import { strict as assert } from 'node:assert';
import { Int32 } from 'bson';
import { EventLog } from '../../../../src/core/events/eventLog';
import type { EventSource } from '../../../../src/core/events/eventSource';
import { nullLogger } from '../../../../src/core/logger';
import {
  PROTOCOL_VERSION,
  type AppendedParams,
  type QuickFilterPage,
  type QuickFilterWindow,
} from '../../../../src/shared/protocol';
import type { InspectorContext } from '../../../../src/vscode/panel/handlers/context';
import { quickFilterHandlers } from '../../../../src/vscode/panel/handlers/quickFilter';
import { eventHandlers } from '../../../../src/vscode/panel/handlers/events';
import type { NotifyHandlers, RequestHandlers } from '../../../../src/vscode/panel/handlers';
import { PanelHost } from '../../../../src/vscode/panel/panelHost';
import { watchContent } from '../../../../src/vscode/panel/watchContent';
import { FakeWebviewPanel } from '../../../fakes/webviewPanel';

function change(i: number) {
  return {
    _id: { _data: `T${i}` },
    operationType: i % 3 === 0 ? 'delete' : 'insert',
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: new Int32(i) },
    fullDocument: { _id: new Int32(i), total: new Int32(i * 10), tenant: i % 2 === 0 ? 'acme' : 'globex' },
  };
}

function setup(n: number, maxEvents = 10_000) {
  const log = new EventLog({ maxEvents, maxBytes: 1e8 });
  for (let i = 1; i <= n; i++) log.append(change(i));
  const watch = {
    id: 'w1',
    title: 'shop.orders',
    target: { connectionId: 'c', connectionName: 'Sandbox', scope: 'collection', db: 'shop', coll: 'orders' },
    log,
    status: { state: 'streaming', since: 0 },
    options: {},
    capabilities: { pause: true, options: true, restart: true },
    rate: () => 0,
  } as unknown as EventSource;
  const panel = new FakeWebviewPanel();
  const host = new PanelHost<InspectorContext>({
    panel,
    content: watchContent(
      () => watch,
      () => ({ logId: 'l', reloaded: false }),
    ),
    requests: { ...eventHandlers, ...quickFilterHandlers } as unknown as RequestHandlers<InspectorContext>,
    notifications: {} as NotifyHandlers<InspectorContext>,
    context: () => ({ watch }) as unknown as InspectorContext,
    logger: nullLogger,
    name: () => 'shop.orders',
    redact: (t) => t,
  });
  panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
  let id = 0;
  async function ask<T>(method: string, params: unknown): Promise<T> {
    const rid = ++id;
    panel.send({ kind: 'request', id: rid, method, params });
    for (let i = 0; i < 50; i++) {
      const reply = panel.posted.find(
        (m) => (m as { kind: string; id?: number }).kind === 'response' && (m as { id: number }).id === rid,
      ) as { result?: T; error?: { code: string } } | undefined;
      if (reply) {
        if (reply.error) throw new Error(reply.error.code);
        return reply.result as T;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    throw new Error('no reply');
  }
  const appends = () =>
    panel.posted
      .filter((m) => (m as { method?: string }).method === 'appended')
      .map((m) => (m as { params: AppendedParams }).params);
  return { log, host, ask, appends };
}

describe('quick-filter handlers (setQuickFilter, getMatches, appended.quick)', () => {
  it('filters the whole log, not only what the webview holds, and pages the matches by ordinal', async () => {
    const { ask } = setup(3000);
    const w = await ask<QuickFilterWindow>('setQuickFilter', { text: 'fullDocument.total > 29000', ops: [] });
    assert.equal(w.active, true);
    assert.equal(w.error, undefined);
    assert.equal(w.total, 3000);
    assert.equal(w.last - w.first + 1, 100, 'seqs 2901..3000');
    assert.equal(w.summaries[0].seq, 2901);
    const all = await ask<QuickFilterWindow>('setQuickFilter', { text: 'acme', ops: ['insert'] });
    assert.equal(all.last - all.first + 1, 1000, 'even, not a multiple of 3: 1500 - 500');
    assert.equal(all.summaries.length, 500, 'the first answer carries the newest 500');
    const page = await ask<QuickFilterPage>('getMatches', { filterId: all.filterId, fromOrdinal: 1, count: 3 });
    assert.deepEqual(
      page.summaries.map((s) => s.seq),
      [2, 4, 8],
    );
    const stale = await ask<QuickFilterPage | null>('getMatches', { filterId: w.filterId, fromOrdinal: 1, count: 3 });
    assert.equal(stale, null, 'a page of an older filter is not answered with the new one');
  });

  it('new matching events arrive with the append, non-matching ones do not', async () => {
    const { log, host, ask, appends } = setup(10);
    const w = await ask<QuickFilterWindow>('setQuickFilter', { text: 'globex', ops: [] });
    assert.deepEqual(
      w.summaries.map((s) => s.seq),
      [1, 3, 5, 7, 9],
    );
    log.append(change(11));
    log.append(change(12));
    host.markAppended();
    await new Promise((r) => setImmediate(r));
    const a = appends().at(-1)!;
    assert.equal(a.quick?.filterId, w.filterId);
    assert.deepEqual(
      a.quick?.summaries.map((s) => s.seq),
      [11],
    );
    assert.equal(a.quick?.from, 6);
    assert.deepEqual(
      a.summaries.map((s) => s.seq),
      [11, 12],
      'the unfiltered rows still come',
    );
  });

  it('a bad text answers an error with its column and keeps the filter that was set', async () => {
    const { ask } = setup(10);
    const ok = await ask<QuickFilterWindow>('setQuickFilter', { text: 'globex', ops: [] });
    const bad = await ask<QuickFilterWindow>('setQuickFilter', { text: 'globex fullDocument.total >', ops: [] });
    assert.equal(bad.error?.code, 'quickFilter.badClause');
    assert.equal(bad.error?.column, 8);
    assert.equal(bad.filterId, ok.filterId);
    assert.equal(bad.last - bad.first, ok.last - ok.first);
  });

  it('clearing the filter stops the matches riding on appends', async () => {
    const { log, host, ask, appends } = setup(10);
    await ask<QuickFilterWindow>('setQuickFilter', { text: 'globex', ops: [] });
    const cleared = await ask<QuickFilterWindow>('setQuickFilter', { text: '  ', ops: [] });
    assert.equal(cleared.active, false);
    log.append(change(13));
    host.markAppended();
    await new Promise((r) => setImmediate(r));
    assert.equal(appends().at(-1)!.quick, undefined);
  });

  it('the request is checked: a too long text is refused as BAD_REQUEST', async () => {
    const { ask } = setup(1);
    await assert.rejects(ask('setQuickFilter', { text: 'x'.repeat(1001), ops: [] }), /BAD_REQUEST/);
    await assert.rejects(ask('getMatches', { filterId: 1, fromOrdinal: 1, count: 5000 }), /BAD_REQUEST/);
  });
});
