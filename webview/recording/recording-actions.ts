// The toolbar's recording buttons: Export… (this panel's events to a file) and Replay… (to a
// collection), and the badge that says field masking is on. They only say what the person asked for;
// the app adds the panel's filter and selection, the host runs the dialogs.
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { watchInfoContext } from '../shared/contexts';
import { inspectorEvent, type RecordingAction } from '../shared/events';
import { baseStyles } from '../shared/theme';

export class RecordingActions extends LitElement {
  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });

  override render() {
    const info = this.info.value;
    if (!info) return nothing;
    return html`${this.button('export', 'export', 'Export…', 'Export these events to an NDJSON or EJSON file')}
    ${this.button('replay', 'run-all', 'Replay…', 'Replay these events to a collection (a Sandbox scratch collection by default)')}`;
  }

  private button(action: RecordingAction, icon: string, label: string, title: string) {
    return html`<vscode-toolbar-button
      data-testid=${action}
      icon=${icon}
      label=${label}
      title=${title}
      @click=${() => this.dispatchEvent(inspectorEvent('toolbar-action', action, true))}
      >${label}</vscode-toolbar-button
    >`;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: contents;
      }
      vscode-toolbar-button {
        flex: none;
      }
    `,
  ];
}

/** "Masked": shown while the host masks fields; its tooltip lists the patterns (never a value). */
export class MaskingBadge extends LitElement {
  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });

  override render() {
    const info = this.info.value;
    const now = info?.masking?.fields ?? [];
    const recorded = info?.recording?.masking ?? [];
    if (now.length === 0 && recorded.length === 0) return nothing;
    const lines = [];
    if (now.length > 0) lines.push(`Field masking is on: ${now.join(', ')}. Masked values never leave VS Code's host.`);
    if (recorded.length > 0) lines.push(`Recorded with masking: ${recorded.join(', ')}.`);
    const title = lines.join('\n');
    return html`<span class="badge" data-testid="masking-badge" role="status" title=${title} aria-label=${title}>
      <vscode-icon name="eye-closed"></vscode-icon><span class="label">Masked</span>
    </span>`;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
        flex: none;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 1px 6px;
        margin: 0 4px;
        border-radius: 2px;
        font-size: 11px;
        color: var(--vscode-badge-foreground);
        background: var(--vscode-badge-background);
        border: 1px solid var(--vscode-contrastBorder, transparent);
        cursor: default;
      }
      @container (max-width: 420px) {
        .label {
          display: none;
        }
      }
    `,
  ];
}

customElements.define('csi-recording-actions', RecordingActions);
customElements.define('csi-masking-badge', MaskingBadge);
