// A WebviewPanel without VS Code: records what the host posts and lets a test play the webview.
import type { PanelLike } from '../../src/vscode/panel/panelHost';

type Listener<T> = (value: T) => void;

export class FakeWebviewPanel implements PanelLike {
  visible = true;
  readonly posted: unknown[] = [];
  /** While set, postMessage stays pending until release() (a busy webview). */
  hold = false;
  private held: (() => void)[] = [];
  private readonly messageListeners: Listener<unknown>[] = [];
  private readonly viewListeners: Listener<{ webviewPanel: { visible: boolean } }>[] = [];

  readonly webview = {
    postMessage: (message: unknown): Thenable<boolean> => {
      this.posted.push(JSON.parse(JSON.stringify(message)));
      if (!this.hold) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => this.held.push(() => resolve(true)));
    },
    onDidReceiveMessage: (listener: Listener<unknown>) => subscribe(this.messageListeners, listener),
  };

  onDidChangeViewState(listener: Listener<{ webviewPanel: { visible: boolean } }>): { dispose(): void } {
    return subscribe(this.viewListeners, listener);
  }

  /** The webview posts a message to the host. */
  send(message: unknown): void {
    for (const l of [...this.messageListeners]) l(message);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    for (const l of [...this.viewListeners]) l({ webviewPanel: { visible } });
  }

  release(): void {
    const held = this.held;
    this.held = [];
    for (const r of held) r();
  }

  get listenerCount(): number {
    return this.messageListeners.length + this.viewListeners.length;
  }
}

function subscribe<T>(list: Listener<T>[], listener: Listener<T>): { dispose(): void } {
  list.push(listener);
  return {
    dispose: () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    },
  };
}
