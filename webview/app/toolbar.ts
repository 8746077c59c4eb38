// The inspector's toolbar: the watch's title, pause/resume (or restart), clear, stop, the list order and
// the options toggle, as VS Code toolbar buttons. It only says what the person asked for (a typed
// 'toolbar-action' event); the app turns that into host notifications or view changes.
// In a narrow panel the title stays whole: the buttons wrap onto a line of their own, and when even
// that line would wrap with their labels, this toolbar's own buttons show only their icons (the label
// stays their tooltip and accessible name).
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
    compact: { type: Boolean, reflect: true },
  };
  declare optionsOpen: boolean;
  declare newestFirst: boolean;
  declare pipelineOpen: boolean;
  /** The buttons show icons only: with their labels they did not fit on one line. */
  declare compact: boolean;
  /** The width at which the labelled buttons last wrapped; wider than that, labels are tried again. */
  private wrappedAt = 0;
  private fitFrame = 0;
  private readonly resize = new ResizeObserver(([entry]) => {
    const width = entry?.contentRect.width ?? 0;
    if (this.compact && width > this.wrappedAt) this.compact = false;
    else this.scheduleFit();
  });

  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });

  constructor() {
    super();
    this.optionsOpen = false;
    this.newestFirst = false;
    this.pipelineOpen = false;
    this.compact = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    cancelAnimationFrame(this.fitFrame);
    this.fitFrame = 0;
    super.disconnectedCallback();
  }

  protected override updated(): void {
    this.scheduleFit();
  }

  // Measured in the next frame, not in updated(): a property set there would schedule another update.
  private scheduleFit(): void {
    if (this.fitFrame || this.compact) return;
    this.fitFrame = requestAnimationFrame(() => {
      this.fitFrame = 0;
      if (this.compact || !this.buttonsWrap()) return;
      this.wrappedAt = this.getBoundingClientRect().width;
      this.compact = true;
    });
  }

  /** The labelled buttons take more than the line below the title. */
  private buttonsWrap(): boolean {
    const buttons = [...this.renderRoot.querySelectorAll<HTMLElement>('.bar > vscode-toolbar-button')];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (!first || !last) return false;
    const top = (el: HTMLElement) => el.getBoundingClientRect().top;
    return Math.abs(top(last) - top(first)) > 4;
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
      >${this.compact ? nothing : label}</vscode-toolbar-button
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
      >${this.compact ? nothing : label}</vscode-toolbar-button
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
        flex-wrap: wrap;
        justify-content: flex-end;
        align-items: center;
        gap: 2px;
        padding: 4px 8px;
      }
      /* Never shrinks below its text: the buttons wrap first; only a title wider than the panel is cut. */
      .heading {
        font-weight: 600;
        margin-right: auto;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        flex: 1 0 auto;
        max-width: 100%;
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
