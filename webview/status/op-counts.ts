// Per-operation counters as coloured chips, plus the total, the event rate and how many were evicted.
import { LitElement, css, html, nothing } from 'lit';
import type { OperationCounts } from '../../src/shared/protocol';
import { countText, rateText } from '../shared/format';
import { OP_ORDER, opStyle } from '../shared/op-styles';
import { baseStyles, opColors } from '../shared/theme';

export class OpCounts extends LitElement {
  static override properties = {
    counts: { attribute: false },
    total: { type: Number },
    rate: { type: Number },
    evicted: { type: Number },
  };
  declare counts: OperationCounts;
  declare total: number;
  declare rate: number;
  declare evicted: number;

  constructor() {
    super();
    this.counts = {};
    this.total = 0;
    this.rate = 0;
    this.evicted = 0;
  }

  override render() {
    const ops = Object.keys(this.counts).filter((op) => this.counts[op] > 0);
    ops.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return html`<div class="counts" role="group" aria-label="Event counts">
      ${ops.map((op) => {
        const st = opStyle(op);
        return html`<span
          class="chip"
          data-op=${op}
          data-count=${String(this.counts[op])}
          title=${`${this.counts[op]} ${st.label} event(s)`}
        >
          <vscode-icon class="op-color" name=${st.icon} size="14"></vscode-icon>
          <span class="op-color">${st.label}</span>
          <span class="n">${countText(this.counts[op])}</span>
        </span>`;
      })}
      <span class="stat" data-testid="total">Total <b>${countText(this.total)}</b></span>
      <span class="stat" data-testid="rate">${rateText(this.rate)}</span>
      ${
        this.evicted > 0
          ? html`<span
              class="stat evicted"
              data-testid="evicted"
              title="Older events dropped by the event log's count/byte limits"
            >
              ${countText(this.evicted)} evicted</span
            >`
          : nothing
      }
    </div>`;
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
