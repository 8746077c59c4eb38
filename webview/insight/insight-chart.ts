// Live insight: events per second over the last minute as an SVG histogram, lag, the last batch's
// cluster time and counts per collection. Hand-drawn SVG (no chart library): 60 bars need no
// library, and SVG takes theme colours through CSS variables and scales crisply in high contrast.
// Dragging across the bars selects a time range; the host resolves it to a seq window
// (eventsInTimeRange) and `seq-window-change` tells the app, whose list pages that window in.
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing, svg } from 'lit';
import type { InsightView, TimeRangeSeqs } from '../../src/shared/protocol/insight';
import { bridgeContext, countersContext } from '../shared/contexts';
import { baseStyles } from '../shared/theme';

const W = 300;
const H = 48;
const REFRESH_MS = 1000;

export interface TimeRange {
  from: number;
  to: number;
}

/** The brushed range and its seqs; undefined detail: the brush was cleared. */
export type SeqWindowDetail = (TimeRange & TimeRangeSeqs) | undefined;

export class InsightChart extends LitElement {
  static override properties = { view: { state: true }, brush: { state: true }, range: { state: true } };
  declare view: InsightView | undefined;
  /** Bucket indexes while dragging. */
  declare brush: { a: number; b: number } | undefined;
  /** The applied range (kept in time, so it stays on its bars as the chart slides). */
  declare range: SeqWindowDetail;

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
    const r = this.range;
    const sel = this.brush
      ? [Math.min(this.brush.a, this.brush.b), Math.max(this.brush.a, this.brush.b) + 1]
      : r
        ? [Math.max(0, (r.from - v.start) / v.bucketMs), Math.max(0, (r.to - v.start) / v.bucketMs)]
        : undefined;
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
        ${v.buckets.map((n, i) => svg`<rect class=${sel && (i + 1 <= sel[0]! || i >= sel[1]!) ? 'bar out' : 'bar'} x=${i * bw + 0.5} width=${Math.max(1, bw - 1)} y=${H - (n / max) * H} height=${(n / max) * H}><title>${n} event(s)</title></rect>`)}
        ${sel ? svg`<rect class="brush" data-testid="insight-brush" x=${sel[0]! * bw} width=${Math.max(1, (sel[1]! - sel[0]!) * bw)} y="0" height=${H}></rect>` : nothing}
      </svg>
      <div class="figures">
        <span data-testid="lag">lag ${v.lagMs === undefined ? '—' : lagText(v.lagMs)}</span>
        <span data-testid="last-batch"
          >last batch
          ${v.lastClusterSeconds === undefined ? '—' : new Date(v.lastClusterSeconds * 1000).toISOString().slice(11, 19)}</span
        >
        <span>peak ${max}/s</span>
        ${ns.length > 1 ? ns.map(([name, n]) => html`<span class="ns" title=${name}>${name}: ${n}</span>`) : nothing}
        ${
          r
            ? html`<span class="range" data-testid="insight-range" role="status"
                >showing ${clock(r.from)}–${clock(r.to)} · ${r.count} event${r.count === 1 ? '' : 's'}
                <button
                  class="link"
                  data-testid="insight-range-clear"
                  title="Show every event again"
                  @click=${this.clear}
                >
                  Clear
                </button></span
              >`
            : html`<span class="hint">drag across the bars to show that time range</span>`
        }
      </div>
    </div>`;
  }

  private bucketAt(ev: PointerEvent): number {
    const rect = (ev.currentTarget as SVGElement).getBoundingClientRect();
    const n = this.view?.buckets.length ?? 1;
    return Math.min(n - 1, Math.max(0, Math.floor(((ev.clientX - rect.left) / Math.max(1, rect.width)) * n)));
  }
  private onDown = (ev: PointerEvent) => {
    // Captured, so a release outside the chart still ends the drag.
    (ev.currentTarget as Element).setPointerCapture?.(ev.pointerId);
    this.dragging = true;
    const b = this.bucketAt(ev);
    this.brush = { a: b, b };
  };
  private onMove = (ev: PointerEvent) => {
    if (this.dragging && this.brush) this.brush = { ...this.brush, b: this.bucketAt(ev) };
  };
  private onUp = () => {
    if (!this.dragging) return;
    this.dragging = false;
    const v = this.view;
    const brush = this.brush;
    this.brush = undefined;
    if (!v || !brush) return;
    const lo = Math.min(brush.a, brush.b);
    const hi = Math.max(brush.a, brush.b);
    void this.apply({ from: v.start + lo * v.bucketMs, to: v.start + (hi + 1) * v.bucketMs });
  };

  /** Asks the host which seqs the range holds and tells the app to show that window. */
  async apply(range: TimeRange): Promise<void> {
    const bridge = this.bridge.value;
    if (!bridge) return;
    try {
      const seqs = await bridge.request('eventsInTimeRange', range);
      this.emit({ ...range, ...seqs });
    } catch {
      // The list keeps what it shows; a later drag asks again.
    }
  }

  private readonly clear = () => this.emit(undefined);

  private emit(detail: SeqWindowDetail): void {
    this.range = detail;
    this.dispatchEvent(
      new CustomEvent<SeqWindowDetail>('seq-window-change', { detail, bubbles: true, composed: true }),
    );
  }

  static override styles = [
    baseStyles,
    css`
      .insight {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
        padding: 2px 8px;
      }
      svg {
        /* A flex item would shrink to a sliver beside a long range label: the chart keeps its size. */
        flex: 0 0 auto;
        width: 240px;
        height: 40px;
        cursor: crosshair;
        /* The chart's frame: quiet seconds (no bars yet, left of the first event) read as part of it, not as a gap. */
        background: var(--vscode-editorWidget-background, transparent);
        border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, currentColor));
        box-sizing: border-box;
      }
      .bar {
        fill: var(--vscode-charts-blue, var(--vscode-foreground));
      }
      /* Bars outside the brushed range fade, so the range shows even where it covers every bar. */
      .bar.out {
        opacity: 0.3;
      }
      .brush {
        fill: var(--vscode-editor-selectionBackground, currentColor);
        fill-opacity: 0.25;
        stroke: var(--vscode-foreground);
        stroke-width: 1px;
        vector-effect: non-scaling-stroke;
      }
      .range {
        color: var(--vscode-foreground);
        border: 1px solid var(--vscode-focusBorder);
        border-radius: 2px;
        padding: 0 4px;
      }
      .link {
        background: none;
        border: none;
        padding: 0 2px;
        color: var(--vscode-textLink-foreground);
        cursor: pointer;
        font: inherit;
      }
      .link:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
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

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

function lagText(ms: number): string {
  return ms < 1000
    ? `${Math.round(ms)} ms`
    : ms < 120_000
      ? `${(ms / 1000).toFixed(1)} s`
      : ms < 2 * 3_600_000
        ? `${Math.round(ms / 60_000)} min`
        : ms < 2 * 86_400_000
          ? `${Math.round(ms / 3_600_000)} h`
          : `${Math.round(ms / 86_400_000)} days`;
}

customElements.define('csi-insight-chart', InsightChart);
