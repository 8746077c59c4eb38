// The generic half of an inspector panel: the `ready` handshake, a snapshot on every ready, merged
// appends (sent at the end of the turn when idle, merged while a post is in flight), a resync when a
// hidden panel shows again, and replies by id. What each request does lives in the handler tables (handlers.ts).
import {
  checkWebviewMessage,
  PROTOCOL_VERSION,
  type AppendedParams,
  type ErrorPayload,
  type HostToWebview,
  type PanelSnapshot,
  type WebviewNotification,
  type WebviewRequest,
} from '../../shared/protocol';
import type { Logger } from '../../core/logger';
import { DisposableOwner } from '../lifecycle';
import type { NotifyHandlers, RequestHandlers } from './handlers';

/** What the host needs of a vscode.WebviewPanel; test/fakes provides one without VS Code. */
export interface PanelLike {
  readonly visible: boolean;
  readonly webview: {
    postMessage(message: unknown): Thenable<boolean>;
    onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
  };
  onDidChangeViewState(listener: (e: { webviewPanel: { visible: boolean } }) => void): { dispose(): void };
}

/** The picture the host sends: a whole snapshot, or what was appended after a seq. */
export interface PanelContent {
  snapshot(): PanelSnapshot;
  lastSeq(): number;
  appendedAfter(seq: number): AppendedParams;
  rate(): number;
}

export interface PanelHostDeps<Ctx> {
  panel: PanelLike;
  content: PanelContent;
  requests: RequestHandlers<Ctx>;
  notifications: NotifyHandlers<Ctx>;
  context: () => Ctx;
  logger: Logger;
  name: () => string;
  redact: (text: string) => string;
  /** Test mode only: sees the JSON of every message posted to the webview. */
  record?: (json: string) => void;
}

export class PanelHost<Ctx> extends DisposableOwner {
  private ready = false;
  private lastSentSeq = 0;
  private lastSentRate = 0;
  private inFlight = false;
  private pending = false;
  private turnEndQueued = false;

  constructor(private readonly deps: PanelHostDeps<Ctx>) {
    super();
    const { panel } = deps;
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)));
    this._register(
      panel.onDidChangeViewState((e) => {
        // Without retainContextWhenHidden the page is torn down when hidden and says `ready` again
        // when shown; if it survived, resync it anyway since appends were held back meanwhile.
        if (e.webviewPanel.visible && this.ready) this.postSnapshot();
      }),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Sends the whole picture again (e.g. the panel's source changed). */
  postSnapshot(): void {
    if (!this.ready) return;
    this.pending = false;
    this.lastSentSeq = this.deps.content.lastSeq();
    const snapshot = this.deps.content.snapshot();
    this.lastSentRate = snapshot.rate;
    this.post({ kind: 'notify', method: 'snapshot', params: snapshot });
  }

  /**
   * New events were logged: when nothing is in flight, send them at the end of this turn (no timer:
   * the driver hands a batch's events over one by one within one turn, and they go in one post instead
   * of the first alone and the rest one round trip later); else merge them into the next post.
   */
  markAppended(): void {
    if (!this.ready || !this.deps.panel.visible) return;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    if (this.turnEndQueued) return;
    this.turnEndQueued = true;
    setImmediate(() => {
      this.turnEndQueued = false;
      if (this.isDisposed || !this.ready || !this.deps.panel.visible) return;
      // A rate refresh or a snapshot may have been posted meanwhile: merge into what follows it.
      if (this.inFlight) this.pending = true;
      else this.flush();
    });
  }

  /** The rate decays without events: tell the panel when its figure moved (called on a tick). */
  refreshRate(): void {
    if (!this.ready || !this.deps.panel.visible || this.inFlight) return;
    if (this.deps.content.rate() !== this.lastSentRate) this.flush(true);
  }

  notify(message: Extract<HostToWebview, { kind: 'notify' }>): void {
    this.post(message);
  }

  private flush(force = false): void {
    const content = this.deps.content;
    if (!force && content.lastSeq() <= this.lastSentSeq) return;
    const params = content.appendedAfter(this.lastSentSeq);
    this.lastSentSeq = params.lastSeq;
    this.lastSentRate = params.rate;
    this.inFlight = true;
    const settled = () => {
      this.inFlight = false;
      if (this.pending && !this.isDisposed) {
        this.pending = false;
        this.markAppended();
      }
    };
    this.post({ kind: 'notify', method: 'appended', params }).then(settled, settled);
  }

  private post(message: HostToWebview): Thenable<unknown> {
    if (!this.ready || this.isDisposed) return Promise.resolve();
    this.deps.record?.(JSON.stringify(message));
    return this.deps.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private async receive(raw: unknown): Promise<void> {
    const checked = checkWebviewMessage(raw);
    if (!checked.ok) {
      this.deps.logger.warn(`Inspector ${this.deps.name()}: ${checked.error.message}`);
      // A request with an id is answered at once, so the webview does not wait for its timeout.
      if (checked.id !== undefined) this.reply(checked.id, { error: checked.error });
      return;
    }
    const message = checked.message;
    if (message.kind === 'ready') {
      if (message.protocol !== PROTOCOL_VERSION)
        this.deps.logger.warn(`Inspector speaks protocol ${message.protocol}, host ${PROTOCOL_VERSION}.`);
      this.ready = true;
      this.postSnapshot();
      return;
    }
    if (message.kind === 'request') await this.answer(message);
    else await this.handle(message);
  }

  private async handle(message: Exclude<WebviewNotification, { kind: 'ready' }>): Promise<void> {
    const handler = this.deps.notifications[message.method] as (p: unknown, ctx: Ctx) => unknown;
    try {
      await handler('params' in message ? message.params : undefined, this.deps.context());
    } catch (err) {
      this.deps.logger.warn(`Inspector ${this.deps.name()}: ${message.method} failed: ${this.text(err)}`);
    }
  }

  private async answer(request: WebviewRequest): Promise<void> {
    const handler = this.deps.requests[request.method] as (p: unknown, ctx: Ctx) => unknown;
    try {
      const result = await handler(request.params, this.deps.context());
      this.reply(request.id, { result });
    } catch (err) {
      const message = this.text(err);
      this.deps.logger.warn(`Inspector ${this.deps.name()}: ${request.method} failed: ${message}`);
      this.reply(request.id, { error: errorPayload(err, message) });
    }
  }

  private reply(id: number, body: { result: unknown } | { error: ErrorPayload }): void {
    this.post({ kind: 'response', id, ...body } as HostToWebview);
  }

  private text(err: unknown): string {
    return this.deps.redact(err instanceof Error ? err.message : String(err));
  }
}

/** A thrown error as a reply: WatchOptionsError and friends carry a code and an action. */
function errorPayload(err: unknown, message: string): ErrorPayload {
  const e = err as { code?: unknown; error?: { action?: unknown; serverCode?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : 'REQUEST_FAILED';
  const action = typeof e?.error?.action === 'string' ? e.error.action : 'See the Change Streams log, then try again.';
  const out: ErrorPayload = { code, message, action };
  if (typeof e?.error?.serverCode === 'number') out.serverCode = e.error.serverCode;
  return out;
}
