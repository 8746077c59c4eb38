// The inspector's toolbar: pause/resume, clear, stop and the options toggle. It only says what the
// person asked for (a 'toolbar-action' event); the app turns that into host notifications.
import { LitElement, css, html, nothing } from 'lit';
import type { SessionState } from '../../src/shared/protocol';
import { baseStyles } from '../shared/theme';

export type ToolbarAction = 'pause' | 'resume' | 'clear' | 'stop' | 'restart' | 'options';

export class InspectorToolbar extends LitElement {
  static override properties = {
    state: {},
    heading: {},
    optionsOpen: { type: Boolean },
  };
  declare state: SessionState;
  declare heading: string;
  declare optionsOpen: boolean;

  constructor() {
    super();
    this.state = 'idle';
    this.heading = '';
    this.optionsOpen = false;
  }

  override render() {
    const s = this.state;
    const ended = s === 'stopped' || s === 'failed';
    return html`<div class="bar" role="toolbar" aria-label="Watch controls">
      <span class="heading" title=${this.heading}>${this.heading}</span>
      ${
        s === 'paused'
          ? this.button('resume', 'debug-continue', 'Resume', 'Resume reading from the last resume token')
          : ended
            ? this.button('restart', 'debug-restart', 'Restart', 'Open the change stream again')
            : this.button(
                'pause',
                'debug-pause',
                'Pause',
                'Stop reading events; the server keeps them until you resume',
                s === 'idle',
              )
      }
      ${this.button('clear', 'clear-all', 'Clear', 'Clear the events shown and the counters')}
      ${ended ? nothing : this.button('stop', 'debug-stop', 'Stop', 'Stop watching and close the change stream')}
      <button
        class="icon-button ${this.optionsOpen ? 'on' : ''}"
        data-testid="options"
        title="Watch options"
        aria-pressed=${this.optionsOpen ? 'true' : 'false'}
        @click=${() => this.emit('options')}
      >
        <vscode-icon name="settings-gear"></vscode-icon><span>Options</span>
      </button>
    </div>`;
  }

  private button(action: ToolbarAction, icon: string, label: string, title: string, disabled = false) {
    return html`<button
      class="icon-button"
      data-testid=${action}
      title=${title}
      ?disabled=${disabled}
      @click=${() => this.emit(action)}
    >
      <vscode-icon name=${icon}></vscode-icon><span>${label}</span>
    </button>`;
  }

  private emit(action: ToolbarAction): void {
    this.dispatchEvent(new CustomEvent<ToolbarAction>('toolbar-action', { detail: action }));
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 4px;
        padding: 4px 8px;
      }
      .heading {
        font-weight: 600;
        margin-right: auto;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .icon-button {
        gap: 4px;
        padding: 0 6px;
      }
      .icon-button[disabled] {
        opacity: 0.5;
        cursor: default;
      }
      .icon-button.on {
        background: var(--vscode-inputOption-activeBackground);
        border-color: var(--vscode-inputOption-activeBorder, transparent);
        color: var(--vscode-inputOption-activeForeground, inherit);
      }
    `,
  ];
}

customElements.define('csi-toolbar', InspectorToolbar);
