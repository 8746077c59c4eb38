// <csi-quick-filter>: the quick filter over the events this watch has buffered (the host searches its
// whole log; nothing is sent to the server, unlike the pipeline). A text box for free text and
// `field.path = value` / != / > / >= / < / <= clauses, the match count ("37 of 12,450"), a clear button,
// the parse error inline with its column, and a hint. Escape clears; the app sends Ctrl/Cmd+F here.
// The operation chips (status/op-counts.ts) are the filter's operation types.
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import type { QuickFilterProblem } from '../../src/shared/protocol';
import type { RowSource } from '../events/row-source';
import { rowSourceContext } from '../shared/contexts';
import { inspectorEvent } from '../shared/events';
import { countText } from '../shared/format';
import { baseStyles } from '../shared/theme';

export const QUICK_FILTER_HINT =
  'Words match the key, namespace or document; "quoted text" as is; field.path = value, or != > >= < <= (e.g. fullDocument.qty > 5).';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

export class QuickFilterBar extends LitElement {
  static override properties = {
    text: { attribute: false },
    ops: { attribute: false },
    problem: { attribute: false },
    focused: { state: true },
  };
  declare text: string;
  /** Operation types pressed on the chips. */
  declare ops: readonly string[];
  declare problem: QuickFilterProblem | undefined;
  declare focused: boolean;

  private source: RowSource | undefined;
  private readonly rows = new ContextConsumer(this, {
    context: rowSourceContext,
    callback: (source) => {
      this.source?.removeEventListener('change', this.onRows);
      this.source = source;
      source?.addEventListener('change', this.onRows);
      this.requestUpdate();
    },
  });
  private frame = 0;

  constructor() {
    super();
    this.text = '';
    this.ops = [];
    this.problem = undefined;
    this.focused = false;
  }

  // Counts move with every append: one render per frame at most.
  private readonly onRows = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.requestUpdate();
    });
  };

  override disconnectedCallback(): void {
    this.source?.removeEventListener('change', this.onRows);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    super.disconnectedCallback();
  }

  private get input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  /** Puts the caret in the box and selects its text (Ctrl/Cmd+F). */
  override focus(): void {
    const input = this.input;
    input?.focus();
    input?.select();
  }

  private onInput(ev: Event): void {
    this.dispatchEvent(inspectorEvent('quick-filter-change', (ev.target as HTMLInputElement).value));
  }

  private onKeyDown(ev: KeyboardEvent): void {
    if (ev.key !== 'Escape') return;
    // Escape clears this box first (the chips too); a second Escape goes on to close the details.
    if (this.text === '' && this.ops.length === 0) return;
    ev.preventDefault();
    ev.stopPropagation();
    this.clear();
  }

  private clear(): void {
    const input = this.input;
    if (input) input.value = '';
    this.dispatchEvent(inspectorEvent('quick-filter-clear', undefined));
  }

  override render() {
    const source = this.source;
    const filtering = source?.filtering ?? false;
    const active = this.text.trim() !== '' || this.ops.length > 0;
    const p = this.problem;
    const key = isMac ? '⌘F' : 'Ctrl+F';
    return html`<div class="bar ${filtering ? 'on' : ''}" role="search" aria-label="Quick filter (this buffer)">
        <label
          for="q"
          title="Searches the events this panel has buffered, on your machine. The pipeline decides what the server sends."
        >
          <vscode-icon name=${filtering ? 'filter-filled' : 'filter'} size="14"></vscode-icon>
          Quick filter <span class="scope">(this buffer)</span>
        </label>
        <input
          id="q"
          class="mono"
          data-testid="quick-filter-input"
          type="text"
          maxlength="1000"
          spellcheck="false"
          autocomplete="off"
          .value=${this.text}
          placeholder=${`text, or field.path = value (${key})`}
          title=${QUICK_FILTER_HINT}
          aria-invalid=${p ? 'true' : 'false'}
          aria-describedby="qf-message"
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
          @focus=${() => (this.focused = true)}
          @blur=${() => (this.focused = false)}
        />
        ${
          filtering && source
            ? html`<span class="count" data-testid="quick-count" role="status" aria-live="polite"
                ><b>${countText(source.count)}</b> of ${countText(source.total)}</span
              >`
            : nothing
        }
        ${
          active
            ? html`<button
                class="icon-button"
                data-testid="quick-filter-clear"
                title="Clear the quick filter (Escape)"
                aria-label="Clear the quick filter"
                @click=${this.clear}
              >
                <vscode-icon name="close" size="14"></vscode-icon>
              </button>`
            : nothing
        }
      </div>
      ${
        p
          ? html`<div id="qf-message" class="message error" data-testid="quick-filter-error" role="alert">
              <vscode-icon name="error" size="14"></vscode-icon>
              <span>${p.message} ${p.action}</span>
              <span class="where">(column ${p.column}; the list still shows the last filter that worked)</span>
            </div>`
          : this.focused && !active
            ? html`<div id="qf-message" class="message hint" data-testid="quick-filter-hint">${QUICK_FILTER_HINT}</div>`
            : html`<div id="qf-message" hidden></div>`
      }`;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 2px 8px 4px;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 6px;
        min-width: 0;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        flex: none;
        color: var(--vscode-descriptionForeground);
        white-space: nowrap;
      }
      .bar.on label {
        color: var(--vscode-foreground);
      }
      .scope {
        opacity: 0.85;
      }
      input {
        flex: 1 1 auto;
        min-width: 80px;
        max-width: 640px;
        height: 22px;
        padding: 0 6px;
        color: var(--vscode-input-foreground);
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent));
        border-radius: 2px;
        outline: none;
      }
      input:focus {
        border-color: var(--vscode-focusBorder);
      }
      input[aria-invalid='true'] {
        border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
      }
      input::placeholder {
        color: var(--vscode-input-placeholderForeground);
      }
      .count {
        flex: none;
        color: var(--vscode-descriptionForeground);
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .count b {
        color: var(--vscode-foreground);
      }
      .message {
        display: flex;
        gap: 4px;
        align-items: baseline;
        margin-top: 3px;
        font-size: 0.95em;
      }
      .error {
        color: var(--vscode-errorForeground);
      }
      .error .where {
        color: var(--vscode-descriptionForeground);
      }
      .hint {
        color: var(--vscode-descriptionForeground);
      }
    `,
  ];
}

customElements.define('csi-quick-filter', QuickFilterBar);
