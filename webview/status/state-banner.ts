// The state banner: what the watch is doing now (opening, streaming, paused, reconnecting, failed with
// its message and next step, stopped). Host-provided text is shown as text.
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { watchInfoContext } from '../shared/contexts';
import { baseStyles } from '../shared/theme';

const LOOK: Record<string, { icon: string; text: string; spin?: boolean }> = {
  idle: { icon: 'circle-large-outline', text: 'Not started' },
  opening: { icon: 'loading', text: 'Opening the change stream…', spin: true },
  streaming: { icon: 'pass', text: 'Streaming' },
  paused: {
    icon: 'debug-pause',
    text: 'Paused: the server keeps the events; Resume continues from the last resume token',
  },
  reconnecting: { icon: 'sync', text: 'Reconnecting…', spin: true },
  stopped: { icon: 'debug-stop', text: 'Stopped: the change stream is closed' },
  failed: { icon: 'error', text: 'Failed' },
};

export class StateBanner extends LitElement {
  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });

  override updated(): void {
    // The tests (and people's CSS) read the state from the host element.
    const st = this.info.value?.status.state;
    if (st) this.dataset.state = st;
  }

  override render() {
    const st = this.info.value?.status;
    if (!st) return nothing;
    const look = Object.prototype.hasOwnProperty.call(LOOK, st.state)
      ? LOOK[st.state]
      : { icon: 'info', text: st.state };
    const live = st.state === 'failed' ? 'assertive' : 'polite';
    return html`<div class="banner state-${st.state}" role="status" aria-live=${live}>
      <vscode-icon name=${look.icon} ?spin=${!!look.spin}></vscode-icon>
      <div class="text">
        <span class="main">${st.state === 'failed' && st.error ? st.error.message : look.text}</span>
        ${st.detail ? html`<span class="detail">${st.detail}</span>` : nothing}
        ${st.error ? html`<span class="action">${st.error.action}</span>` : nothing}
        ${st.error?.code ? html`<span class="code mono">${st.error.code}${st.error.serverCode !== undefined ? ` (${st.error.serverCode})` : ''}</span>` : nothing}
      </div>
    </div>`;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .banner {
        display: flex;
        align-items: flex-start;
        gap: 6px;
        padding: 3px 8px;
        border-left: 3px solid transparent;
        background: var(--vscode-editorWidget-background, transparent);
      }
      .text {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 10px;
        align-items: baseline;
        min-width: 0;
      }
      .detail,
      .code {
        color: var(--vscode-descriptionForeground);
      }
      .state-streaming {
        border-left-color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
      }
      .state-streaming vscode-icon {
        color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
      }
      .state-paused,
      .state-opening,
      .state-idle {
        border-left-color: var(--vscode-descriptionForeground);
      }
      .state-reconnecting {
        border-left-color: var(--vscode-editorWarning-foreground);
      }
      .state-reconnecting vscode-icon {
        color: var(--vscode-editorWarning-foreground);
      }
      .state-stopped {
        border-left-color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground));
      }
      .state-failed {
        border-left-color: var(--vscode-errorForeground);
        background: var(--vscode-inputValidation-errorBackground, transparent);
        border-top: 1px solid var(--vscode-inputValidation-errorBorder, transparent);
        border-bottom: 1px solid var(--vscode-inputValidation-errorBorder, transparent);
      }
      .state-failed vscode-icon {
        color: var(--vscode-errorForeground);
      }
      .state-failed .main {
        font-weight: 600;
      }
    `,
  ];
}

customElements.define('csi-state-banner', StateBanner);
