// The details pane for one opened event: header (operation, time, namespace, key), copy buttons for
// the whole event and its resume token, and the event as a collapsible EJSON tree.
import { LitElement, css, html, nothing } from 'lit';
import type { EventDetail } from '../../src/shared/protocol';
import './ejson-tree';
import type { CopyRequest } from './ejson-tree';
import type { Json } from '../shared/ejson-values';
import { clockTime } from '../shared/format';
import { opStyle } from '../shared/op-styles';
import { baseStyles, opColors } from '../shared/theme';

export class EventDetails extends LitElement {
  static override properties = {
    detail: { attribute: false },
    loading: { type: Boolean },
    error: {},
  };
  declare detail: EventDetail | null | undefined;
  declare loading: boolean;
  declare error: string;

  private parsedFor: EventDetail | undefined;
  private parsed: Json | undefined;
  private parseError = '';

  constructor() {
    super();
    this.detail = undefined;
    this.loading = false;
    this.error = '';
  }

  private parse(d: EventDetail): void {
    if (this.parsedFor === d) return;
    this.parsedFor = d;
    try {
      this.parsed = JSON.parse(d.ejson) as Json;
      this.parseError = '';
    } catch (e) {
      this.parsed = undefined;
      this.parseError = `The event's EJSON could not be read (${(e as Error).message}); showing it as text.`;
    }
  }

  override render() {
    const d = this.detail;
    if (d) this.parse(d);
    const s = d?.summary;
    const style = s ? opStyle(s.op) : undefined;
    return html`
      <div class="head" data-op=${s?.op ?? ''}>
        ${
          s && style
            ? html`<span class="title op-color"><vscode-icon name=${style.icon}></vscode-icon>${style.label}</span>
                <span class="meta mono">${clockTime(s.time)}</span>
                <span class="meta" title=${s.ns}>${s.ns}</span>
                <span class="meta mono key" title=${s.key}>${s.key}</span>`
            : html`<span class="title">Event details</span>`
        }
        <span class="spacer"></span>
        ${
          d
            ? html`<button
                  class="icon-button"
                  data-testid="copy-event"
                  title="Copy event as EJSON"
                  aria-label="Copy event as EJSON"
                  @click=${() => this.copy(d.ejson, 'event')}
                >
                  <vscode-icon name="copy"></vscode-icon><span class="label">Event</span>
                </button>
                <button
                  class="icon-button"
                  data-testid="copy-token"
                  title="Copy resume token"
                  aria-label="Copy resume token"
                  @click=${() => this.copy(d.token, 'resumeToken')}
                >
                  <vscode-icon name="key"></vscode-icon><span class="label">Resume token</span>
                </button>`
            : nothing
        }
        <button
          class="icon-button"
          data-testid="close-details"
          title="Close details (Escape)"
          aria-label="Close details"
          @click=${this.close}
        >
          <vscode-icon name="close"></vscode-icon>
        </button>
      </div>
      <div class="body" tabindex="-1">
        ${this.loading ? html`<div class="note">Loading event…</div>` : nothing}
        ${this.error ? html`<div class="note error" role="alert">${this.error}</div>` : nothing}
        ${
          !this.loading && !this.error && this.detail === null
            ? html`<div class="note">This event is no longer in the log (it was evicted or cleared).</div>`
            : nothing
        }
        ${d && this.parsed !== undefined ? html`<csi-ejson-tree .value=${this.parsed} label="Change event"></csi-ejson-tree>` : nothing}
        ${
          d && this.parseError
            ? html`<div class="note error">${this.parseError}</div>
                <pre class="mono">${d.ejson}</pre>`
            : nothing
        }
      </div>
    `;
  }

  private copy(text: string, what: string): void {
    this.dispatchEvent(
      new CustomEvent<CopyRequest>('copy-text', { detail: { text, what }, bubbles: true, composed: true }),
    );
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('close-details', { bubbles: true, composed: true }));
  }

  static override styles = [
    baseStyles,
    opColors,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 2px 8px;
        min-height: 28px;
        flex: none;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
        background: var(--vscode-sideBarSectionHeader-background, transparent);
        white-space: nowrap;
        overflow: hidden;
      }
      .title {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        font-weight: 600;
      }
      .meta {
        color: var(--vscode-descriptionForeground);
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .key {
        min-width: 0;
      }
      .spacer {
        flex: 1;
      }
      .icon-button {
        gap: 4px;
      }
      .label {
        font-size: 12px;
      }
      .body {
        flex: 1;
        overflow: auto;
        padding: 0 8px;
      }
      .note {
        padding: 8px 4px;
        color: var(--vscode-descriptionForeground);
      }
      .error {
        color: var(--vscode-errorForeground);
      }
      pre {
        white-space: pre-wrap;
        word-break: break-all;
      }
    `,
  ];
}

customElements.define('csi-event-details', EventDetails);
