// Per-operation counters as coloured chips, plus the total, the event rate and how many were evicted.
// Each chip is a toggle (aria-pressed): pressed chips are the quick filter's operation types, so the
// list shows only those operations among every event the host buffered. Counters come from the app's context, so an
// append re-renders this small component and nothing else above the list.
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { EMPTY_COUNTERS } from '../app/watch-state';
import { countersContext } from '../shared/contexts';
import { inspectorEvent } from '../shared/events';
import { countText, rateText } from '../shared/format';
import { OP_ORDER, opStyle } from '../shared/op-styles';
import { baseStyles, opColors } from '../shared/theme';

export class OpCounts extends LitElement {
  static override properties = { filter: { attribute: false } };
  /** Operations the list is narrowed to; empty: all. */
  declare filter: readonly string[];

  private readonly counters = new ContextConsumer(this, { context: countersContext, subscribe: true });

  constructor() {
    super();
    this.filter = [];
  }

  override render() {
    const { counts, total, rate, evicted } = this.counters.value ?? EMPTY_COUNTERS;
    const ops = Object.keys(counts).filter((op) => counts[op] > 0);
    for (const op of this.filter) if (!ops.includes(op)) ops.push(op);
    ops.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const filtering = this.filter.length > 0;
    return html`<div
      class="counts"
      role="group"
      aria-label="Event counts; press one to show only that operation (quick filter)"
    >
      ${ops.map((op) => {
        const st = opStyle(op);
        const n = counts[op] ?? 0;
        const on = this.filter.includes(op);
        return html`<button
          class="chip ${on ? 'on' : ''} ${filtering && !on ? 'off' : ''}"
          data-op=${op}
          data-count=${String(n)}
          aria-pressed=${on ? 'true' : 'false'}
          title=${on ? `Showing ${st.label} events; press to stop filtering by it` : `${n} ${st.label} event(s); press to show only these (quick filter over this buffer)`}
          @click=${() => this.toggle(op)}
        >
          <vscode-icon class="op-color" name=${st.icon} size="14"></vscode-icon>
          <span class="op-color">${st.label}</span>
          <span class="n">${countText(n)}</span>
        </button>`;
      })}
      ${
        filtering
          ? html`<button
              class="show-all"
              data-testid="show-all"
              title="Show every operation again"
              @click=${() => this.emit([])}
            >
              <vscode-icon name="filter-filled" size="14"></vscode-icon>Show all
            </button>`
          : nothing
      }
      <span class="stat" data-testid="total">Total <b>${countText(total)}</b></span>
      <span class="stat" data-testid="rate">${rateText(rate)}</span>
      ${
        evicted > 0
          ? html`<span
              class="stat evicted"
              data-testid="evicted"
              title="Older events dropped by the event log's count/byte limits"
            >
              ${countText(evicted)} evicted</span
            >`
          : nothing
      }
    </div>`;
  }

  private toggle(op: string): void {
    this.emit(this.filter.includes(op) ? this.filter.filter((o) => o !== op) : [...this.filter, op]);
  }

  private emit(ops: string[]): void {
    this.dispatchEvent(inspectorEvent('op-filter-change', ops));
  }

  static override styles = [
    baseStyles,
    opColors,
    css`
      :host {
        display: block;
      }
      .counts {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 8px;
        padding: 4px 8px;
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 0 2px 0 6px;
        border-radius: 11px;
        height: 20px;
        border: 1px solid var(--vscode-widget-border, var(--vscode-contrastBorder, transparent));
        background: var(--vscode-editorWidget-background, transparent);
        color: inherit;
        font: inherit;
        cursor: pointer;
      }
      .chip:hover {
        background: var(--vscode-toolbar-hoverBackground);
      }
      .chip.on {
        background: var(--vscode-inputOption-activeBackground);
        border-color: var(--vscode-inputOption-activeBorder, var(--vscode-focusBorder));
      }
      .chip.off {
        opacity: 0.6;
      }
      .show-all {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        border: none;
        background: transparent;
        color: var(--vscode-textLink-foreground);
        font: inherit;
        cursor: pointer;
      }
      .n {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
        padding: 0 6px;
        border-radius: 8px;
        line-height: 16px;
        background: var(--vscode-badge-background);
        color: var(--vscode-badge-foreground);
      }
      .stat {
        color: var(--vscode-descriptionForeground);
        font-variant-numeric: tabular-nums;
      }
      .stat b {
        color: var(--vscode-foreground);
      }
      .evicted {
        color: var(--vscode-editorWarning-foreground);
      }
    `,
  ];
}

function rank(op: string): number {
  const i = OP_ORDER.indexOf(op);
  return i < 0 ? OP_ORDER.length : i;
}

customElements.define('csi-op-counts', OpCounts);
