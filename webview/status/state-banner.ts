// The state banner: what the watch is doing now (opening, streaming, paused, reconnecting, failed with
// its message and next step, stopped): one sentence of state, one of what to do, the code once, and the
// ways on (start after / now / oldest / at a time) as buttons when the host offers them. Host text is text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import type { StartPositionChoice, WayOn } from '../../src/shared/protocol';
import { DOCTOR_ERROR_CODES } from '../../src/shared/protocol/insight';
import { bridgeContext, watchInfoContext } from '../shared/contexts';
import { baseStyles } from '../shared/theme';

/** Button words for the host's ways on; the action sentence names the same words. */
export const WAY_LABELS: Record<WayOn, string> = {
  continue: 'Restart',
  startAfter: 'Start after the invalidate',
  now: 'Start now',
  oldest: 'Start at the oldest available time',
  atTime: 'Start at time…',
};

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
  private readonly bridge = new ContextConsumer(this, { context: bridgeContext, subscribe: true });
  private pickingTime = false;
  private startError = '';

  override updated(): void {
    // The tests (and people's CSS) read the state from the host element.
    const st = this.info.value?.status.state;
    if (st) this.dataset.state = st;
  }

  override render() {
    const st = this.info.value?.status;
    if (!st) return nothing;
    const look = this.info.value?.recording
      ? { icon: 'archive', text: 'Recording', spin: false }
      : Object.prototype.hasOwnProperty.call(LOOK, st.state)
        ? LOOK[st.state]
        : { icon: 'info', text: st.state };
    const live = st.state === 'failed' ? 'assertive' : 'polite';
    // One sentence of state: the host's own when it sent one, else the state's name.
    const main = st.state === 'failed' && st.error ? st.error.message : (st.detail ?? look.text);
    const action = st.action ?? st.error?.action;
    const ways = st.state === 'stopped' || st.state === 'failed' ? (st.waysOn ?? []) : [];
    return html`<div class="banner state-${st.state}" role="status" aria-live=${live}>
      <vscode-icon name=${look.icon} ?spin=${!!look.spin}></vscode-icon>
      <div class="text">
        <span class="main">${main}</span>
        ${action ? html`<span class="action">${action}</span>` : nothing}
        ${st.error?.code ? html`<span class="code mono">${st.error.code}${st.error.serverCode !== undefined ? ` (${st.error.serverCode})` : ''}</span>` : nothing}
      </div>
      ${
        st.state === 'failed' && st.error?.code && DOCTOR_ERROR_CODES.includes(st.error.code)
          ? html`<vscode-button data-testid="run-doctor" @click=${() => this.runDoctor(st.error?.code)}
              >Explain in the Change-Stream Doctor</vscode-button
            >`
          : nothing
      }
      ${ways.length ? html`<div class="ways" data-testid="ways-on">${ways.map((w) => this.wayButton(w))}${this.timePicker()}</div>` : nothing}
      ${this.startError ? html`<span class="start-error" role="alert">${this.startError}</span>` : nothing}
    </div>`;
  }

  /** The doctor explains set-up failures (no replica set, images off, history lost, privileges). */
  private runDoctor(errorCode: string | undefined): void {
    this.bridge.value?.notify({ kind: 'notify', method: 'runDoctor', params: { errorCode } });
  }

  private wayButton(way: WayOn) {
    const primary = way === 'continue' || way === 'startAfter';
    return html`<vscode-button
      data-testid=${`way-${way}`}
      ?secondary=${!primary}
      @click=${() => (way === 'atTime' ? this.togglePicker() : this.start({ kind: way }))}
      >${WAY_LABELS[way]}</vscode-button
    >`;
  }

  private timePicker() {
    if (!this.pickingTime) return nothing;
    return html`<form class="at-time" @submit=${this.submitTime}>
      <input
        type="datetime-local"
        step="1"
        name="at"
        required
        aria-label="Start at this local time"
        data-testid="way-time"
      />
      <vscode-button type="submit" data-testid="way-time-go">Start</vscode-button>
    </form>`;
  }

  private togglePicker(): void {
    this.pickingTime = !this.pickingTime;
    this.requestUpdate();
  }

  private readonly submitTime = (e: Event): void => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('at') as HTMLInputElement | null;
    const ms = input ? new Date(input.value).getTime() : NaN;
    if (!Number.isFinite(ms) || ms <= 0) {
      this.startError = 'Pick a date and time to start from.';
      this.requestUpdate();
      return;
    }
    this.pickingTime = false;
    void this.start({ kind: 'atTime', seconds: Math.max(1, Math.floor(ms / 1000)) });
  };

  private async start(position: StartPositionChoice): Promise<void> {
    this.startError = '';
    this.requestUpdate();
    try {
      await this.bridge.value?.request('startFrom', { position });
    } catch (err) {
      this.startError = err instanceof Error ? err.message : String(err);
      this.requestUpdate();
    }
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
      .banner:has(.ways) {
        flex-wrap: wrap;
      }
      .ways {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 6px;
        align-items: center;
        flex-basis: 100%;
        padding: 2px 0 3px 22px;
      }
      .at-time {
        display: flex;
        gap: 4px;
        align-items: center;
      }
      .start-error {
        color: var(--vscode-errorForeground);
      }
      .action,
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
