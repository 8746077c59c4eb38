// The webview's side of the host<->webview protocol: requests with ids and timeouts, notifications out,
// and host notifications dispatched to one listener. The only module that touches acquireVsCodeApi().
import {
  PROTOCOL_VERSION,
  type HostNotification,
  type HostToWebview,
  type RequestMap,
  type RequestMethod,
  type WebviewNotification,
  type WebviewRequest,
} from '../../src/shared/protocol';

/** What VS Code gives a webview; also what the test harness's fake host provides. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

/** A failed request as a value: the host's code and sentence, or our own timeout. */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: RequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

export const REQUEST_TIMEOUT_MS = 10_000;

export class HostBridge {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private listener: (n: HostNotification) => void = () => undefined;

  constructor(
    private readonly api: VsCodeApi,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    window.addEventListener('message', (ev: MessageEvent) => this.receive(ev.data));
  }

  onNotification(listener: (n: HostNotification) => void): void {
    this.listener = listener;
  }

  ready(): void {
    this.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
  }

  notify(message: Exclude<WebviewNotification, { kind: 'ready' }>): void {
    this.send(message);
  }

  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new RequestError(
            'timeout',
            `The extension did not answer "${method}" within ${this.timeoutMs / 1000} s. Try again, or reopen the panel.`,
          ),
        );
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ kind: 'request', id, method, params } as WebviewRequest);
    });
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }

  private send(message: WebviewNotification | WebviewRequest): void {
    this.api.postMessage(message);
  }

  // Messages come from the host only, but are still checked for shape: a bad one is dropped, not thrown.
  private receive(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const msg = raw as HostToWebview;
    if (msg.kind === 'response') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if ('error' in msg && msg.error) p.reject(new RequestError(String(msg.error.code), String(msg.error.message)));
      else p.resolve((msg as { result: unknown }).result);
      return;
    }
    if (msg.kind === 'notify' && typeof msg.method === 'string' && 'params' in msg) {
      this.listener(msg);
    }
  }
}
