// The virtualized list of event rows: selection by mouse and keyboard, and auto-scroll that follows the
// newest event until the person scrolls up, resuming when they come back to the bottom.
import { LitElement, css, html, type PropertyValues } from 'lit';
import '@lit-labs/virtualizer';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import type { EventSummary } from '../../src/shared/protocol';
import { ROW_HEIGHT, renderRow } from './event-row';
import { baseStyles, opColors } from '../shared/theme';

export interface SelectDetail {
  seq: number;
  /** True when the person asked to see the event (click, Enter), not just moved the selection. */
  open: boolean;
}

export class EventList extends LitElement {
  static override properties = {
    rows: { attribute: false },
    selectedSeq: { attribute: false },
    autoscroll: { attribute: false },
    rendered: { state: true },
  };
  declare rows: readonly EventSummary[];
  declare selectedSeq: number | undefined;
  declare autoscroll: boolean;
  /** Indexes the virtualizer has rendered; when the selected row is not among them the list itself takes Tab. */
  declare rendered: { first: number; last: number };

  private lastTop = 0;
  private programmaticScroll = false;

  constructor() {
    super();
    this.rows = [];
    this.selectedSeq = undefined;
    this.autoscroll = true;
    this.rendered = { first: 0, last: -1 };
  }

  private get virtualizer(): LitVirtualizer<EventSummary> | null {
    return this.renderRoot.querySelector('lit-virtualizer') as LitVirtualizer<EventSummary> | null;
  }

  /** Puts the scroll position back after a reload (only meaningful when auto-scroll is off). */
  restoreScroll(top: number): void {
    const v = this.virtualizer;
    if (!v) return;
    this.programmaticScroll = true;
    v.scrollTop = top;
    this.lastTop = top;
  }

  scrollToLatest(): void {
    const v = this.virtualizer;
    if (!v || this.rows.length === 0) return;
    this.programmaticScroll = true;
    v.element(this.rows.length - 1)?.scrollIntoView({ block: 'end' });
  }

  /** Scrolls the row into view, then gives it keyboard focus once the virtualizer has rendered it. */
  async focusSeq(seq: number): Promise<void> {
    const index = this.rows.findIndex((r) => r.seq === seq);
    const v = this.virtualizer;
    if (index < 0 || !v) return;
    v.element(index)?.scrollIntoView({ block: 'nearest' });
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const row = this.renderRoot.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
      if (row) {
        row.focus({ preventScroll: true });
        return;
      }
    }
  }

  private readonly resize = new ResizeObserver(() => {
    // The list shrinks when details or options open: stay on the newest row if following.
    if (this.autoscroll) this.scrollToLatest();
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('rows') || changed.has('autoscroll')) && this.autoscroll) {
      // After the virtualizer lays out the new rows.
      requestAnimationFrame(() => this.scrollToLatest());
    }
  }

  override render() {
    const count = this.rows.length;
    const selIndex = this.selectedSeq === undefined ? -1 : this.rows.findIndex((r) => r.seq === this.selectedSeq);
    const rowTakesTab = selIndex >= this.rendered.first && selIndex <= this.rendered.last;
    return html`
      <div class="header" aria-hidden="true">
        <span>Time</span><span>Operation</span><span>Namespace</span><span>Document key</span><span>Changes</span>
      </div>
      <lit-virtualizer
        scroller
        class="list"
        role="listbox"
        aria-label="Change events"
        aria-activedescendant=${this.selectedSeq === undefined ? '' : `row-${this.selectedSeq}`}
        tabindex=${rowTakesTab ? '-1' : '0'}
        .items=${this.rows as EventSummary[]}
        .keyFunction=${(s: EventSummary) => s.seq}
        .renderItem=${(s: EventSummary, i: number) => renderRow(s, s.seq === this.selectedSeq, i, count)}
        @scroll=${this.onScroll}
        @rangeChanged=${(e: RangeChangedEvent) => (this.rendered = { first: e.first, last: e.last })}
        @click=${this.onClick}
        @keydown=${this.onKeyDown}
      ></lit-virtualizer>
      ${count === 0 ? html`<div class="empty">No events yet. Changes to the watched namespace appear here as they happen.</div>` : null}
      ${
        !this.autoscroll && count > 0
          ? html`<button class="jump" data-testid="jump-latest" @click=${this.onJump}>
              <vscode-icon name="arrow-down"></vscode-icon> Jump to latest
            </button>`
          : null
      }
    `;
  }

  private onScroll(): void {
    const v = this.virtualizer;
    if (!v) return;
    const atBottom = v.scrollHeight - v.scrollTop - v.clientHeight <= ROW_HEIGHT / 2;
    const wentUp = v.scrollTop < this.lastTop - 1;
    this.lastTop = v.scrollTop;
    if (atBottom) {
      this.programmaticScroll = false;
      if (!this.autoscroll) this.emitAutoscroll(true);
    } else if (wentUp && !this.programmaticScroll && this.autoscroll) {
      this.emitAutoscroll(false);
    }
    this.dispatchEvent(new CustomEvent('list-scroll', { detail: v.scrollTop }));
  }

  private emitAutoscroll(on: boolean): void {
    this.dispatchEvent(new CustomEvent('autoscroll-change', { detail: on }));
  }

  private onJump(): void {
    this.emitAutoscroll(true);
    this.scrollToLatest();
  }

  private onClick(ev: MouseEvent): void {
    const row = (ev.target as Element).closest<HTMLElement>('[data-testid="event-row"]');
    if (!row) return;
    this.select(Number(row.dataset.seq), true);
  }

  private onKeyDown(ev: KeyboardEvent): void {
    if (this.rows.length === 0) return;
    const current = this.selectedSeq === undefined ? -1 : this.rows.findIndex((r) => r.seq === this.selectedSeq);
    const page = Math.max(1, Math.floor((this.virtualizer?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const last = this.rows.length - 1;
    let next: number;
    switch (ev.key) {
      case 'ArrowDown':
        next = current < 0 ? 0 : Math.min(last, current + 1);
        break;
      case 'ArrowUp':
        next = current < 0 ? last : Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      case 'PageDown':
        next = Math.min(last, Math.max(0, current) + page);
        break;
      case 'PageUp':
        next = Math.max(0, current - page);
        break;
      case 'Enter':
      case ' ':
        if (current >= 0) this.select(this.rows[current].seq, true);
        ev.preventDefault();
        return;
      default:
        return;
    }
    ev.preventDefault();
    const seq = this.rows[next].seq;
    this.select(seq, false);
    void this.focusSeq(seq);
  }

  private select(seq: number, open: boolean): void {
    this.dispatchEvent(new CustomEvent<SelectDetail>('select-event', { detail: { seq, open } }));
  }

  static override styles = [
    baseStyles,
    opColors,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        position: relative;
      }
      .header,
      .row {
        display: grid;
        grid-template-columns: 104px 130px minmax(80px, 1fr) minmax(140px, 2.2fr) minmax(80px, 1.6fr);
        column-gap: 8px;
        align-items: center;
        padding: 0 8px;
      }
      .header {
        height: ${ROW_HEIGHT}px;
        flex: none;
        color: var(--vscode-descriptionForeground);
        font-size: 11px;
        text-transform: uppercase;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      }
      .list {
        flex: 1 1 auto;
        min-height: 0;
        height: 100%;
        outline-offset: -1px;
      }
      .row {
        width: 100%;
        height: ${ROW_HEIGHT}px;
        line-height: ${ROW_HEIGHT}px;
        cursor: default;
        white-space: nowrap;
        border: 1px solid transparent;
      }
      .row:hover {
        background: var(--vscode-list-hoverBackground);
        color: var(--vscode-list-hoverForeground, inherit);
      }
      .row.selected {
        background: var(--vscode-list-inactiveSelectionBackground);
        color: var(--vscode-list-inactiveSelectionForeground, inherit);
      }
      .list:focus-within .row.selected {
        background: var(--vscode-list-activeSelectionBackground);
        color: var(--vscode-list-activeSelectionForeground, inherit);
      }
      .row:focus-visible,
      .row:focus {
        outline: 1px solid var(--vscode-list-focusOutline, var(--vscode-focusBorder));
        outline-offset: -1px;
      }
      .cell {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .time {
        color: var(--vscode-descriptionForeground);
      }
      .op {
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
      .changed {
        color: var(--vscode-descriptionForeground);
      }
      .selected .changed,
      .selected .time {
        color: inherit;
      }
      .empty {
        position: absolute;
        top: 40px;
        left: 0;
        right: 0;
        text-align: center;
        color: var(--vscode-descriptionForeground);
        pointer-events: none;
        padding: 0 16px;
      }
      .jump {
        position: absolute;
        right: 16px;
        bottom: 12px;
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 4px 10px;
        border: 1px solid var(--vscode-button-border, transparent);
        border-radius: 2px;
        background: var(--vscode-button-background);
        color: var(--vscode-button-foreground);
        font: inherit;
        cursor: pointer;
      }
      .jump:hover {
        background: var(--vscode-button-hoverBackground);
      }
      .jump:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: 2px;
      }
    `,
  ];
}

customElements.define('csi-event-list', EventList);
