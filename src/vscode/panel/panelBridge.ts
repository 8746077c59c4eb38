// Connects one inspector panel to one Watch: validates every incoming message, answers requests by
// id, posts nothing before `ready`, merges appends on a short timer, resyncs a panel that comes back.
import * as vscode from 'vscode';
import {
  MAX_WINDOW,
  PROTOCOL_VERSION,
  SNAPSHOT_SUMMARY_LIMIT,
  parseWebviewMessage,
  type HostToWebview,
  type PanelSnapshot,
  type WebviewRequest,
} from '../../shared/protocol';
import type { Logger } from '../../core/logger';
import type { Probe } from '../probe';
import type { KnownSecrets } from '../outputLog';
import type { Watch } from '../watches/watch';

export const APPEND_FLUSH_MS = 75;

export interface BridgeHooks {
  /** The person asked to restart a stopped or failed watch. */
  restart(watch: Watch): void;
  /** The person pressed Stop in the panel. */
  stop(watch: Watch): void;
}

export class PanelBridge implements vscode.Disposable {
  private ready = false;
  private lastSentSeq = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private watch: Watch,
    private readonly logger: Logger,
    private readonly known: KnownSecrets,
    private readonly probe: Probe,
    private readonly hooks: BridgeHooks,
  ) {
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidChangeViewState((e) => {
        // Without retainContextWhenHidden the page is torn down when hidden and says `ready` again
        // when shown; if it survived, resync it anyway since appends were held back meanwhile.
        if (e.webviewPanel.visible && this.ready) this.postSnapshot();
      }),
    );
    this.attach(watch);
  }

  get currentWatch(): Watch {
    return this.watch;
  }

  /** Follows a (new) watch object: used when a revived panel gets its watch. */
  attach(watch: Watch): void {
    this.watch = watch;
    this.subscriptions.push(
      watch.onDidAppend(() => this.scheduleFlush()),
      watch.onDidChangeStatus((status) => this.post({ kind: 'notify', method: 'status', params: status })),
      watch.onDidChangeOptions((options) => this.post({ kind: 'notify', method: 'options', params: options })),
      watch.onDidClear(() => {
        this.lastSentSeq = watch.log.lastSeq;
        this.post({
          kind: 'notify',
          method: 'cleared',
          params: { firstSeq: watch.log.firstSeq, lastSeq: watch.log.lastSeq },
        });
      }),
    );
    if (this.ready) this.postSnapshot();
  }

  snapshot(): PanelSnapshot {
    const w = this.watch;
    const log = w.log;
    return {
      protocol: PROTOCOL_VERSION,
      watchId: w.id,
      title: w.title,
      target: w.target,
      options: w.options,
      status: w.status,
      counts: log.counts(),
      total: log.total,
      firstSeq: log.firstSeq,
      lastSeq: log.lastSeq,
      summaries: log.latest(SNAPSHOT_SUMMARY_LIMIT),
      rate: log.rate(),
      evicted: log.evicted,
    };
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
  }

  private postSnapshot(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastSentSeq = this.watch.log.lastSeq;
    this.post({ kind: 'notify', method: 'snapshot', params: this.snapshot() });
  }

  private scheduleFlush(): void {
    if (!this.ready || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushAppended();
    }, APPEND_FLUSH_MS);
  }

  private flushAppended(): void {
    // A hidden panel gets a snapshot when it shows again instead of a backlog of appends.
    if (!this.ready || !this.panel.visible) return;
    const log = this.watch.log;
    if (log.lastSeq <= this.lastSentSeq) return;
    const from = Math.max(this.lastSentSeq + 1, log.firstSeq, log.lastSeq - MAX_WINDOW + 1);
    const summaries = log.summaries(from, log.lastSeq - from + 1);
    this.lastSentSeq = log.lastSeq;
    this.post({
      kind: 'notify',
      method: 'appended',
      params: {
        summaries,
        firstSeq: log.firstSeq,
        lastSeq: log.lastSeq,
        counts: log.counts(),
        total: log.total,
        rate: log.rate(),
        evicted: log.evicted,
      },
    });
  }

  private post(message: HostToWebview): void {
    if (!this.ready) return;
    const text = JSON.stringify(message);
    this.probe.record('webview', text);
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.logger.warn(`Inspector ${this.watch.title}: ignored a malformed message from the webview.`);
      return;
    }
    if (message.kind === 'ready') {
      if (message.protocol !== PROTOCOL_VERSION)
        this.logger.warn(`Inspector speaks protocol ${message.protocol}, host ${PROTOCOL_VERSION}.`);
      this.ready = true;
      this.postSnapshot();
      return;
    }
    if (message.kind === 'request') {
      await this.answer(message);
      return;
    }
    const w = this.watch;
    switch (message.method) {
      case 'pause':
        w.pause();
        break;
      case 'resume':
        w.resume();
        break;
      case 'clear':
        w.clear();
        break;
      case 'stop':
        this.hooks.stop(w);
        break;
      case 'restart':
        this.hooks.restart(w);
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(message.params.text);
        vscode.window.setStatusBarMessage(`Copied ${message.params.what}`, 2000);
        break;
    }
  }

  private async answer(request: WebviewRequest): Promise<void> {
    const log = this.watch.log;
    try {
      let result: unknown;
      switch (request.method) {
        case 'getEvent':
          result = log.detail(request.params.seq) ?? null;
          break;
        case 'getSummaries':
          result = log.summaries(Math.max(request.params.fromSeq, log.firstSeq), request.params.count);
          break;
        case 'setOptions':
          result = await this.watch.setOptions(request.params.options);
          break;
      }
      this.post({ kind: 'response', id: request.id, result });
    } catch (err) {
      const message = this.known.redact(err instanceof Error ? err.message : String(err));
      this.logger.warn(`Inspector ${this.watch.title}: ${request.method} failed: ${message}`);
      const code =
        typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'requestFailed';
      this.post({ kind: 'response', id: request.id, error: { code, message } });
    }
  }
}
