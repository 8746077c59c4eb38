// A fake extension host for the webview harness: provides acquireVsCodeApi(), answers ready with a
// snapshot, requests with responses, and lets a test (or a person, with ?auto=1) stream events.
import type {
  BookmarkView,
  EventDiff,
  EventDetail,
  HostToWebview,
  OperationCounts,
  SessionStatus,
  WatchOptions,
  WebviewToHost,
} from '../../src/shared/protocol';
import { PROTOCOL_VERSION, type EventSummary, type QuickFilterAppend } from '../../src/shared/protocol';
import { matchesQuickFilter, parseQuickFilter, type QuickFilterQuery } from '../../src/core/pipeline/quickFilter';
import type { ImageStatusView } from '../../src/shared/protocol';
import { computeInsight, seqWindowOfTimeRange } from '../../src/core/insight/rates';
import { makeEvent } from './fake-events';
import { pipelineRequest } from './fake-pipeline-host';

const params = new URLSearchParams(location.search);
const events: EventDetail[] = [];
const counts: OperationCounts = {};
let nextSeq = Number(params.get('firstSeq') ?? 1);
let firstSeq = nextSeq;
let evicted = 0;
let options: WatchOptions = {
  fullDocument: 'updateLookup',
  fullDocumentBeforeChange: params.get('pre') === 'whenAvailable' ? 'whenAvailable' : 'off',
  showExpandedEvents: false,
};
let status: SessionStatus =
  params.get('recording') === '1'
    ? {
        state: 'stopped',
        since: Date.now(),
        reason: 'user',
        detail: 'Recording from orders.ndjson: 42 events, exported 2026-12-01 23:10:00 UTC.',
        action: 'Read only; 1 line(s) could not be read (see the log).',
      }
    : { state: 'streaming', since: Date.now(), detail: 'resumed from token' };
const posted: WebviewToHost[] = [];
const bookmarks: BookmarkView[] = [];
// ?images=1: the collection records images and update events carry both; ?spread=ms dates events that
// far apart ending now (a live chart); ?txn=a-b puts seqs a..b in one transaction.
let recording: ImageStatusView['recording'] = params.get('images') === '1' ? 'on' : 'off';
const spread = Number(params.get('spread') ?? 0);
const spreadStart = Date.now() - spread * Number(params.get('initial') ?? 40);
const [txnFrom, txnTo] = (params.get('txn') ?? '0-0').split('-').map(Number) as [number, number];
let timer: ReturnType<typeof setInterval> | undefined;
let answerRequests = params.get('noAnswer') !== '1';

function send(msg: HostToWebview): void {
  window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(JSON.stringify(msg)) }));
}

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function add(n: number, hostileEvery = 0, op?: string): EventDetail[] {
  const made: EventDetail[] = [];
  for (let i = 0; i < n; i++) {
    const seq = nextSeq++;
    // ?today=1 dates the events a moment ago but never before local midnight (a run just after 00:00 must
    // still see today's date); else on a fixed past day.
    const at =
      spread > 0
        ? spreadStart + seq * spread
        : params.get('today') === '1'
          ? Math.max(startOfToday(), Date.now() - 60_000) + seq
          : Date.UTC(2026, 10, 22, 6, 0, 0) + seq * 137;
    const e = makeEvent(seq, at, hostileEvery > 0 && seq % hostileEvery === 0, op);
    if (seq >= txnFrom && seq <= txnTo)
      e.summary.txn = { key: `8f3a61c2d4e5f60718293a4b5c6d7e8f:${txnFrom}`, t: Math.floor(at / 1000), i: txnTo };
    events.push(e);
    counts[e.summary.op] = (counts[e.summary.op] ?? 0) + 1;
    made.push(e);
  }
  const cap = Number(params.get('cap') ?? 100_000);
  while (events.length > cap) {
    events.shift();
    evicted++;
  }
  firstSeq = events.length ? events[0].summary.seq : nextSeq;
  return made;
}

/** Diffs the test computed in Node with the core's diff room (bson stays out of the page: it probes WebAssembly). */
const diffs = new Map<number, EventDiff>();

function imageStatus(): ImageStatusView {
  return {
    recording,
    ns: 'shop.orders',
    retention: 'Images are kept as long as the oplog keeps the change (expireAfterSeconds: off).',
  };
}

function total(): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

// The quick filter as the host runs it: the real matcher over every event this fake holds, ordinals
// that survive eviction, new matches riding on appends.
interface Quick {
  id: number;
  query: QuickFilterQuery;
  seqs: number[];
  base: number;
  scanned: number;
  sent: number;
}
let quick: Quick | undefined;
let quickIds = 0;
const compactText = new Map<number, string>();
function compactOf(e: EventDetail): string {
  let t = compactText.get(e.summary.seq);
  if (t === undefined) {
    t = JSON.stringify(JSON.parse(e.ejson));
    compactText.set(e.summary.seq, t);
  }
  return t;
}
function quickSync(q: Quick): void {
  while (q.seqs.length > 0 && q.seqs[0] < firstSeq) {
    q.seqs.shift();
    q.base++;
  }
  for (const e of events) {
    if (e.summary.seq <= q.scanned) continue;
    if (matchesQuickFilter({ seq: e.summary.seq, summary: e.summary, ejson: compactOf(e) }, q.query))
      q.seqs.push(e.summary.seq);
  }
  q.scanned = nextSeq - 1;
}
function quickSummaries(q: Quick, from: number, count: number): { from: number; summaries: EventSummary[] } {
  const start = Math.max(from, q.base);
  const out: EventSummary[] = [];
  for (let o = start; o < start + count && o - q.base < q.seqs.length; o++) {
    const seq = q.seqs[o - q.base];
    const e = events.find((x) => x.summary.seq === seq);
    if (e) out.push(e.summary);
  }
  return { from: start, summaries: out };
}
function quickAppend(): QuickFilterAppend | undefined {
  if (!quick) return undefined;
  quickSync(quick);
  const last = quick.base + quick.seqs.length - 1;
  const from = Math.max(quick.sent + 1, quick.base);
  quick.sent = last;
  return { filterId: quick.id, first: quick.base, last, ...quickSummaries(quick, from, last - from + 1) };
}
function setQuickFilter(id: number, text: string, ops: string[]): void {
  const total = events.length;
  if (text.trim() === '' && ops.length === 0) {
    quick = undefined;
    return send({
      kind: 'response',
      id,
      result: { filterId: 0, active: false, first: 1, last: 0, total, from: 1, summaries: [] },
    });
  }
  const parsed = parseQuickFilter(text.trim(), ops);
  if (parsed.ok) {
    quick = { id: ++quickIds, query: parsed.query, seqs: [], base: 1, scanned: 0, sent: 0 };
    quickSync(quick);
  }
  const q = quick;
  const error = parsed.ok
    ? undefined
    : { code: parsed.code, message: parsed.message, action: parsed.action, column: parsed.column };
  if (!q) {
    return send({
      kind: 'response',
      id,
      result: { filterId: 0, active: false, first: 1, last: 0, total, from: 1, summaries: [], error },
    });
  }
  const last = q.base + q.seqs.length - 1;
  q.sent = last;
  send({
    kind: 'response',
    id,
    result: {
      filterId: q.id,
      active: true,
      first: q.base,
      last,
      total,
      ...quickSummaries(q, last - 499, 500),
      ...(error ? { error } : {}),
    },
  });
}

function snapshot(): void {
  send({
    kind: 'notify',
    method: 'snapshot',
    params: {
      protocol: PROTOCOL_VERSION,
      watchId: 'w1',
      title: 'shop.orders',
      options,
      status,
      counts,
      total: total(),
      target: { connectionId: 'c1', connectionName: 'Sandbox', scope: 'collection', db: 'shop', coll: 'orders' },
      firstSeq,
      lastSeq: nextSeq - 1,
      summaries: events.slice(-5000).map((e) => e.summary),
      rate: 12.5,
      evicted,
      logId: params.get('logId') ?? 'log-1',
      ...recordingParts(),
    },
  });
}

/** ?recording=1: a read-only recording panel; ?masking=a,b: field masking on (issue 12). */
function recordingParts() {
  const masking = params.get('masking');
  return {
    ...(masking ? { masking: { fields: masking.split(',') } } : {}),
    ...(params.get('recording') === '1'
      ? {
          capabilities: { pause: false, options: false, restart: false },
          recording: {
            fileName: 'orders.ndjson',
            exportedAt: '2026-12-01T23:10:00.000Z',
            read: 42,
            kept: 42,
            problems: 1,
          },
        }
      : {}),
  };
}

/**
 * A bench appends with its own 'appended' messages (bench/webview-append.ts): those seqs, up to
 * `extendedTo`, are answered from its template, so the list can page them back in like the host's.
 */
let extended: { to: number; template: EventSummary } | undefined;
function beyond(fromSeq: number, count: number): EventSummary[] {
  if (!extended || count <= 0) return [];
  const out: EventSummary[] = [];
  for (let seq = Math.max(fromSeq, nextSeq); seq <= extended.to && out.length < count; seq++)
    out.push({ ...extended.template, seq });
  return out;
}

function append(n: number, hostileEvery = 0, op?: string): void {
  const made = add(n, hostileEvery, op);
  send({
    kind: 'notify',
    method: 'appended',
    params: {
      summaries: made.map((e) => e.summary),
      firstSeq,
      lastSeq: nextSeq - 1,
      counts,
      total: total(),
      rate: n * 10,
      evicted,
      ...(quick ? { quick: quickAppend() } : {}),
    },
  });
}

/** Appends events a test built itself (e.g. from the XSS corpus), renumbered from the next seq. */
function load(details: EventDetail[]): void {
  const made: EventDetail[] = [];
  for (const d of details) {
    const seq = nextSeq++;
    const e = { ...d, summary: { ...d.summary, seq } };
    events.push(e);
    counts[e.summary.op] = (counts[e.summary.op] ?? 0) + 1;
    made.push(e);
  }
  firstSeq = events.length ? events[0].summary.seq : nextSeq;
  send({
    kind: 'notify',
    method: 'appended',
    params: {
      summaries: made.map((e) => e.summary),
      firstSeq,
      lastSeq: nextSeq - 1,
      counts,
      total: total(),
      rate: 1,
      evicted,
    },
  });
}

function setStatus(s: SessionStatus): void {
  status = s;
  send({ kind: 'notify', method: 'status', params: s });
}

function receive(msg: WebviewToHost): void {
  posted.push(msg);
  if (msg.kind === 'ready') return snapshot();
  if (msg.kind === 'request') {
    if (!answerRequests) return;
    if (msg.method === 'getEvent') {
      const e = events.find((x) => x.summary.seq === msg.params.seq) ?? null;
      send({ kind: 'response', id: msg.id, result: e });
    } else if (msg.method === 'getSummaries') {
      // Seqs are contiguous from events[0]: the index is arithmetic (a findIndex over 100,000 events
      // per page was most of the harness's own time in bench/webview-append.ts's scrolling scenario).
      const first = events.length ? events[0].summary.seq : nextSeq;
      const guess = Math.max(0, msg.params.fromSeq - first);
      const from =
        guess < events.length && events[guess].summary.seq === Math.max(first, msg.params.fromSeq)
          ? guess
          : events.findIndex((x) => x.summary.seq >= msg.params.fromSeq);
      send({
        kind: 'response',
        id: msg.id,
        result: [
          ...(from < 0 ? [] : events.slice(from, from + msg.params.count).map((e) => e.summary)),
          ...beyond(
            msg.params.fromSeq,
            msg.params.count - (from < 0 ? 0 : Math.min(msg.params.count, events.length - from)),
          ),
        ],
      });
    } else if (msg.method === 'setQuickFilter') {
      setQuickFilter(msg.id, msg.params.text, msg.params.ops);
    } else if (msg.method === 'getMatches') {
      const q = quick;
      const result =
        q && q.id === msg.params.filterId
          ? {
              filterId: q.id,
              first: q.base,
              last: q.base + q.seqs.length - 1,
              ...quickSummaries(q, msg.params.fromOrdinal, msg.params.count),
            }
          : null;
      send({ kind: 'response', id: msg.id, result });
    } else if (msg.method === 'listBookmarks') {
      send({ kind: 'response', id: msg.id, result: { bookmarks } });
    } else if (msg.method === 'addBookmark') {
      // bookmarks (issue 9): a label like the host's default (no dialog in the harness).
      const e = events.find((x) => x.summary.seq === msg.params.seq);
      const b: BookmarkView = {
        id: `bm-${bookmarks.length + 1}`,
        label: msg.params.label ?? (e ? `${e.summary.op} ${e.summary.key}` : 'Position'),
        fromInvalidate: false,
        follow: false,
        pipelineDiffers: false,
        ...(e ? { seq: e.summary.seq, operationType: e.summary.op, documentKey: e.summary.key } : {}),
      };
      bookmarks.unshift(b);
      send({ kind: 'response', id: msg.id, result: { bookmark: b } });
    } else if (msg.method === 'resumeFromBookmark' || msg.method === 'startAtTime') {
      send({ kind: 'response', id: msg.id, result: { ok: true } });
    } else if (msg.method === 'exportEvents' || msg.method === 'replayEvents') {
      send({ kind: 'response', id: msg.id, result: { started: true } });
    } else if (msg.method === 'getDiff') {
      send({ kind: 'response', id: msg.id, result: diffs.get(msg.params.seq) ?? null });
    } else if (msg.method === 'getImageStatus') {
      send({ kind: 'response', id: msg.id, result: imageStatus() });
    } else if (msg.method === 'setImageRecording') {
      recording = msg.params.enabled ? 'on' : 'off';
      send({ kind: 'response', id: msg.id, result: imageStatus() });
    } else if (msg.method === 'openDiffInEditor') {
      send({ kind: 'response', id: msg.id, result: { opened: true } });
    } else if (msg.method === 'getInsight') {
      const samples = events.map((x) => ({ at: Date.parse(x.summary.time), op: x.summary.op, ns: x.summary.ns }));
      send({ kind: 'response', id: msg.id, result: computeInsight(samples, Date.now()) });
    } else if (msg.method === 'eventsInTimeRange') {
      const bySeq = new Map(events.map((x) => [x.summary.seq, Date.parse(x.summary.time)]));
      const { from, to } = msg.params;
      send({
        kind: 'response',
        id: msg.id,
        result: seqWindowOfTimeRange(firstSeq, nextSeq - 1, (q) => bySeq.get(q), from, to),
      });
    } else if (msg.method === 'startFrom') {
      setStatus({ state: 'streaming', since: Date.now(), detail: `Started from ${msg.params.position.kind}.` });
      send({ kind: 'response', id: msg.id, result: status });
    } else if (
      pipelineRequest(
        msg,
        send,
        () => options,
        (o) => (options = o),
      )
    ) {
      // answered by the pipeline part of the fake host
    } else if (msg.method === 'setOptions') {
      if (msg.params.options.batchSize === 13) {
        send({
          kind: 'response',
          id: msg.id,
          error: {
            code: 'options-rejected',
            message: 'The server refused batchSize 13 <b>bold?</b>. Choose another value.',
          },
        });
      } else {
        options = msg.params.options;
        send({ kind: 'response', id: msg.id, result: options });
        send({ kind: 'notify', method: 'options', params: options });
      }
    }
    return;
  }
  switch (msg.method) {
    case 'pause':
      return setStatus({ state: 'paused', since: Date.now() });
    case 'resume':
    case 'restart':
      return setStatus({ state: 'streaming', since: Date.now() });
    case 'stop':
      return setStatus({ state: 'stopped', since: Date.now() });
    case 'clear':
      events.length = 0;
      for (const k of Object.keys(counts)) delete counts[k];
      firstSeq = nextSeq;
      return send({ kind: 'notify', method: 'cleared', params: { firstSeq, lastSeq: nextSeq - 1 } });
    default:
      return;
  }
}

const STATE_KEY = 'csi-harness-state';
(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => setTimeout(() => receive(m as WebviewToHost), 5),
  getState: () => JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null'),
  setState: (s: unknown) => sessionStorage.setItem(STATE_KEY, JSON.stringify(s)),
});

// The handle tests drive through page.evaluate.
(window as unknown as Record<string, unknown>).fakeHost = {
  posted,
  append,
  load,
  setStatus,
  snapshot,
  answer: (on: boolean) => {
    answerRequests = on;
  },
  stream(ms: number, perTick: number) {
    clearInterval(timer);
    timer = setInterval(() => status.state === 'streaming' && append(perTick, 0), ms);
  },
  stopStream: () => clearInterval(timer),
  lastSeq: () => nextSeq - 1,
  extendTo: (to: number, template: EventSummary) => {
    extended = { to, template };
  },
  /** The event's canonical EJSON text and the options in force, for a test to diff in Node. */
  event: (seq: number) => events.find((x) => x.summary.seq === seq),
  options: () => options,
  recording: () => recording,
  setDiff: (seq: number, diff: EventDiff) => diffs.set(seq, diff),
};

add(Number(params.get('initial') ?? 40), Number(params.get('hostileEvery') ?? 7));
add(1, 0, 'invalidate');
add(1, 0, 'createIndexes');
if (params.get('auto') === '1')
  (window as unknown as { fakeHost: { stream(ms: number, n: number): void } }).fakeHost.stream(300, 3);
