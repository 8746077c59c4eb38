// The inspector's toolbar: the watch's title, pause/resume (or restart), clear, stop, the list order and
// the options toggle, as VS Code toolbar buttons. It only says what the person asked for (a typed
// 'toolbar-action' event); the app turns that into host notifications or view changes.
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { watchInfoContext } from '../shared/contexts';
import { inspectorEvent, type ToolbarAction } from '../shared/events';
import { baseStyles } from '../shared/theme';
// bookmarks (issue 9)
import '../bookmarks/start-at-button';
// recording (issue 12)
import '../recording/recording-actions';

export class InspectorToolbar extends LitElement {
  static override properties = {
    optionsOpen: { type: Boolean },
    newestFirst: { type: Boolean },
    pipelineOpen: { type: Boolean },
  };
  declare optionsOpen: boolean;
  declare newestFirst: boolean;
  declare pipelineOpen: boolean;

  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });

  constructor() {
    super();
    this.optionsOpen = false;
    this.newestFirst = false;
    this.pipelineOpen = false;
  }

  override render() {
    const info = this.info.value;
    const s = info?.status.state ?? 'idle';
    const ended = s === 'stopped' || s === 'failed';
    const heading = info?.title ?? '';
    // A source without a capability (a recording) shows no button for it.
    const can = info?.capabilities ?? { pause: true, options: true, restart: true };
    return html`<div class="bar" role="toolbar" aria-label="Watch controls">
      <span class="heading" title=${heading}>${info?.title ?? ''}</span>
      <csi-masking-badge></csi-masking-badge>
      ${
        !can.pause && !can.restart
          ? nothing
          : s === 'paused'
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
      ${can.restart ? html`<csi-start-at-button></csi-start-at-button>` : nothing}
      ${info?.recording ? nothing : this.button('clear', 'clear-all', 'Clear', 'Clear the events shown and the counters')}
      ${ended || !can.restart ? nothing : this.button('stop', 'debug-stop', 'Stop', 'Stop watching and close the change stream')}
      <span class="sep" aria-hidden="true"></span>
      <csi-recording-actions></csi-recording-actions>
      <span class="sep" aria-hidden="true"></span>
      ${this.toggle('order', this.newestFirst ? 'arrow-up' : 'arrow-down', 'Newest first', 'Show the newest event at the top', this.newestFirst)}
      ${this.toggle('pipeline', 'filter', 'Pipeline', 'Server-side filter pipeline', this.pipelineOpen)}
      ${can.options ? this.toggle('options', 'settings-gear', 'Options', 'Watch options', this.optionsOpen) : nothing}
    </div>`;
  }

  private button(action: ToolbarAction, icon: string, label: string, title: string, disabled = false) {
    return html`<vscode-toolbar-button
      data-testid=${action}
      icon=${icon}
      label=${label}
      title=${title}
      class=${disabled ? 'disabled' : ''}
      aria-disabled=${disabled ? 'true' : 'false'}
      @click=${() => disabled || this.emit(action)}
      >${label}</vscode-toolbar-button
    >`;
  }

  private toggle(action: ToolbarAction, icon: string, label: string, title: string, on: boolean) {
    return html`<vscode-toolbar-button
      data-testid=${action}
      icon=${icon}
      label=${label}
      title=${title}
      toggleable
      .checked=${on}
      aria-pressed=${on ? 'true' : 'false'}
      @click=${() => this.emit(action)}
      >${label}</vscode-toolbar-button
    >`;
  }

  private emit(action: ToolbarAction): void {
    this.dispatchEvent(inspectorEvent('toolbar-action', action));
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 2px;
        padding: 4px 8px;
      }
      .heading {
        font-weight: 600;
        margin-right: auto;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 40px;
      }
      .sep {
        width: 1px;
        height: 16px;
        margin: 0 4px;
        background: var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      }
      vscode-toolbar-button {
        flex: none;
      }
      .disabled {
        opacity: 0.5;
        cursor: default;
      }
    `,
  ];
}

customElements.define('csi-toolbar', InspectorToolbar);
