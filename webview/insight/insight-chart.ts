// Live insight: events per second over the last minute as an SVG histogram, lag, the last batch's
// cluster time and counts per collection. Hand-drawn SVG (no chart library): 60 bars need no
// library, and SVG takes theme colours through CSS variables and scales crisply in high contrast.
// Dragging across the bars selects a time range and emits `time-range-change` for the list.
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing, svg } from 'lit';
import type { InsightView } from '../../src/shared/protocol/insight';
import { bridgeContext, countersContext } from '../shared/contexts';
import { baseStyles } from '../shared/theme';

const W = 300;
const H = 48;
const REFRESH_MS = 1000;

export interface TimeRange {
  from: number;
  to: number;
}

export class InsightChart extends LitElement {
  static override properties = { view: { state: true }, brush: { state: true } };
  declare view: InsightView | undefined;
  declare brush: { a: number; b: number } | undefined;

  private readonly bridge = new ContextConsumer(this, { context: bridgeContext, subscribe: true });
  // Re-asked when the counters change (an append), at most once a second.
  private readonly counters = new ContextConsumer(this, {
    context: countersContext,
    subscribe: true,
    callback: () => this.schedule(),
  });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dragging = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer || !this.isConnected) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_MS);
  }

  private async refresh(): Promise<void> {
    try {
      this.view = await this.bridge.value?.request('getInsight', {});
    } catch {
      // A failed refresh keeps the last figures; the next append asks again.
    }
    if ((this.counters.value?.rate ?? 0) > 0) this.schedule();
  }

  override firstUpdated(): void {
    void this.refresh();
  }

  override render() {
    const v = this.view;
    if (!v) return nothing;
    const max = Math.max(1, ...v.buckets);
    const bw = W / v.buckets.length;
    const sel = this.brush ? [Math.min(this.brush.a, this.brush.b), Math.max(this.brush.a, this.brush.b)] : undefined;
    const ns = Object.entries(v.byNs)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    return html`<div class="insight" data-testid="insight">
      <svg
        viewBox="0 0 ${W} ${H}"
        preserveAspectRatio="none"
        role="img"
        aria-label="Events per second over the last ${v.buckets.length} seconds; peak ${max}"
        @pointerdown=${this.onDown}
        @pointermove=${this.onMove}
        @pointerup=${this.onUp}
      >
        ${v.buckets.map((n, i) => svg`<rect class="bar" x=${i * bw + 0.5} width=${Math.max(1, bw - 1)} y=${H - (n / max) * H} height=${(n / max) * H}><title>${n} event(s)</title></rect>`)}
        ${sel ? svg`<rect class="brush" x=${sel[0]! * bw} width=${(sel[1]! - sel[0]! + 1) * bw} y="0" height=${H}></rect>` : nothing}
      </svg>
      <div class="figures">
        <span data-testid="lag">lag ${v.lagMs === undefined ? '—' : lagText(v.lagMs)}</span>
        <span data-testid="last-batch"
          >last batch
          ${v.lastClusterSeconds === undefined ? '—' : new Date(v.lastClusterSeconds * 1000).toISOString().slice(11, 19)}</span
        >
        <span>peak ${max}/s</span>
        ${ns.length > 1 ? ns.map(([name, n]) => html`<span class="ns" title=${name}>${name}: ${n}</span>`) : nothing}
      </div>
    </div>`;
  }

  private bucketAt(ev: PointerEvent): number {
    const rect = (ev.currentTarget as SVGElement).getBoundingClientRect();
    const n = this.view?.buckets.length ?? 1;
    return Math.min(n - 1, Math.max(0, Math.floor(((ev.clientX - rect.left) / Math.max(1, rect.width)) * n)));
  }
  private onDown = (ev: PointerEvent) => {
    this.dragging = true;
    const b = this.bucketAt(ev);
    this.brush = { a: b, b };
  };
  private onMove = (ev: PointerEvent) => {
    if (this.dragging && this.brush) this.brush = { ...this.brush, b: this.bucketAt(ev) };
  };
  private onUp = () => {
    this.dragging = false;
    const v = this.view;
    if (!v || !this.brush) return;
    const lo = Math.min(this.brush.a, this.brush.b);
    const hi = Math.max(this.brush.a, this.brush.b);
    const range: TimeRange = { from: v.start + lo * v.bucketMs, to: v.start + (hi + 1) * v.bucketMs };
    this.dispatchEvent(
      new CustomEvent<TimeRange>('time-range-change', { detail: range, bubbles: true, composed: true }),
    );
  };

  static override styles = [
    baseStyles,
    css`
      .insight {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 2px 8px;
      }
      svg {
        width: 240px;
        height: 40px;
        cursor: crosshair;
        border-bottom: 1px solid var(--vscode-panel-border, currentColor);
      }
      .bar {
        fill: var(--vscode-charts-blue, var(--vscode-foreground));
      }
      .brush {
        fill: var(--vscode-editor-selectionBackground, currentColor);
        opacity: 0.4;
        stroke: var(--vscode-focusBorder);
      }
      .figures {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        color: var(--vscode-descriptionForeground);
        font-size: 0.9em;
      }
    `,
  ];
}

function lagText(ms: number): string {
  return ms < 1000
    ? `${Math.round(ms)} ms`
    : ms < 120_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms / 60_000)} min`;
}

customElements.define('csi-insight-chart', InsightChart);
