// The event list: a window of fixed-height rows over the RowSource (every retained event, paged in from
// the host), selection by mouse and keyboard, resizable columns, oldest- or newest-first order, and
// auto-scroll that follows the newest event until the person scrolls away, resuming at the edge.
// Hand-written rather than lit-virtualizer: rows have one fixed height, so the window is arithmetic
// (no measuring), one render per frame however many messages arrived, row elements recycled by seq
// (see renderWindow: nothing left behind per row that left the window, lit/lit#5298), and auto-scroll sets scrollTop once instead of scrollIntoView
// (issue 13 measured 2–3 re-positionings and a forced layout per append with lit-virtualizer).
import { ContextConsumer } from '@lit/context';
import { LitElement, html, render, type PropertyValues } from 'lit';
import { rowSourceContext, watchInfoContext } from '../shared/contexts';
import { inspectorEvent } from '../shared/events';
import { notToday } from '../shared/format';
import { baseStyles, opColors } from '../shared/theme';
import { columnTemplate, DEFAULT_COLUMNS, fitColumns, type ColumnNeeds } from './column-widths';
import { ColumnHeader } from './columns';
import { opStyle } from '../shared/op-styles';
import { ROW_HEIGHT, renderRow, type TxnPlace } from './event-row';
import { listStyles } from './event-list.styles';
import type { RowSource } from './row-source';

/** Texts whose measured width is remembered (the rows' namespaces and keys repeat). */
const MEASURE_CACHE = 512;
/** Slack added to a measured text, so rounding never cuts its last character. */
const MEASURE_SLACK = 3;
/** The operation cell beside its label: the 14 px codicon and its 4 px gap; the "txn ×N" badge. */
const OP_ICON = 18;
const TXN_BADGE = 52;

/** Rows scanned to count a transaction's run for its badge. */
const TXN_SCAN_LIMIT = 500;

/** Rows rendered beyond each edge of the viewport, so a short scroll shows no blank. */
const OVERSCAN = 8;
/** Rows the window holds at most (a 4K-high panel shows about 100). */
const MAX_WINDOW_ROWS = 256;

export class EventList extends LitElement {
  static override properties = {
    selectedSeq: { attribute: false },
    autoscroll: { attribute: false },
    newestFirst: { attribute: false },
    columns: { attribute: false },
  };
  declare selectedSeq: number | undefined;
  declare autoscroll: boolean;
  declare newestFirst: boolean;
  /** Widths (px) of the first four columns; the last takes the rest. Undefined: the defaults. */
  declare columns: number[] | undefined;

  private readonly rows = new ContextConsumer(this, {
    context: rowSourceContext,
    callback: (source) => this.watchSource(source),
  });
  private source: RowSource | undefined;
  /** The watch's target: a collection watch may drop the namespace column in a narrow panel. */
  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });
  /** What the texts seen so far need (px); they only grow, so columns do not jitter while scrolling. */
  private needs: ColumnNeeds = { op: 0, ns: 0, key: 0 };
  private rowWidth = 0;
  private fonts: { op: string; ns: string; key: string } | undefined;
  private readonly textWidths = new Map<string, number>();
  private measureCanvas: CanvasRenderingContext2D | null | undefined;
  /** Following the newest row; mirrors `autoscroll` but turns off at once on a scroll away. */
  private following = true;
  /** Scroll position the list wants, in px from the top; kept by arithmetic, not read from layout. */
  private top = 0;
  /** The row at the top of the viewport when not following, so appends and evictions keep it there. */
  private anchor: { seq: number; offset: number } | undefined;
  private viewport = 0;
  private first = 0;
  private last = -1;
  /** What this list set scrollTop to last: the scroll event it causes is not the person's. */
  private setTop = -1;
  private known = 0;
  /** The slot element showing each rendered seq. */
  private readonly slots = new Map<number, HTMLElement>();
  private frame = 0;
  private readonly header = new ColumnHeader(this);
  /** A row the keyboard moved to before its summary arrived. */
  private pendingDisplay: number | undefined;

  constructor() {
    super();
    this.selectedSeq = undefined;
    this.autoscroll = true;
    this.newestFirst = false;
    this.columns = undefined;
  }

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroller');
  }

  private watchSource(source: RowSource | undefined): void {
    this.source?.removeEventListener('change', this.onRows);
    this.source = source;
    source?.addEventListener('change', this.onRows);
    this.requestUpdate();
  }

  // Many host messages may land in one frame: render once per frame, with the newest data.
  private readonly onRows = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.requestUpdate();
    });
  };

  private readonly resize = new ResizeObserver((entries) => {
    const rect = entries[entries.length - 1]?.contentRect;
    const h = rect?.height ?? 0;
    const w = rect?.width ?? 0;
    if (h === this.viewport && w === this.rowWidth) return;
    this.viewport = h;
    this.rowWidth = w;
    this.fonts = undefined;
    this.requestUpdate();
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.source?.addEventListener('change', this.onRows);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    this.source?.removeEventListener('change', this.onRows);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    super.disconnectedCallback();
  }

  protected override firstUpdated(): void {
    const s = this.scroller;
    if (s) this.resize.observe(s);
    // The codicon font's classes, for the rows' glyphs: the page's own stylesheet link, once per list.
    const link = document.getElementById('vscode-codicon-stylesheet');
    if (link) this.renderRoot.insertBefore(link.cloneNode(), this.renderRoot.firstChild);
  }

  /** Puts the scroll position back after a reload (only meaningful when auto-scroll is off). */
  restoreScroll(top: number): void {
    this.following = false;
    this.top = top;
    this.anchor = undefined;
    this.requestUpdate();
  }

  /** Scrolls the row into view, then gives it keyboard focus once it is rendered. */
  async focusSeq(seq: number): Promise<void> {
    const display = this.displayIndexOf(seq);
    if (display < 0) return;
    this.scrollToDisplay(display);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-seq="${seq}"]`)?.focus({ preventScroll: true });
  }

  private scrollToDisplay(display: number): void {
    const rowTop = display * ROW_HEIGHT;
    if (rowTop < this.top) this.scrollByPerson(rowTop);
    else if (rowTop + ROW_HEIGHT > this.top + this.viewport) this.scrollByPerson(rowTop + ROW_HEIGHT - this.viewport);
  }

  private get count(): number {
    return this.source?.count ?? 0;
  }

  private maxTop(): number {
    return Math.max(0, this.count * ROW_HEIGHT - this.viewport);
  }

  /** The edge new rows arrive at: the bottom oldest-first, the top newest-first. */
  private edgeTop(): number {
    return this.newestFirst ? 0 : this.maxTop();
  }

  private seqAtDisplay(d: number): number | undefined {
    const n = this.count;
    return this.source?.seqAt(this.newestFirst ? n - 1 - d : d);
  }

  private displayIndexOf(seq: number): number {
    const i = this.source?.indexOf(seq) ?? -1;
    return i < 0 ? -1 : this.newestFirst ? this.count - 1 - i : i;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('autoscroll')) this.following = this.autoscroll;
    if (this.following) {
      this.top = this.edgeTop();
    } else if (this.anchor) {
      // Rows arrived above or left: keep the row the person was reading where it was.
      const d = this.displayIndexOf(this.anchor.seq);
      if (d >= 0) this.top = d * ROW_HEIGHT + this.anchor.offset;
    }
    this.top = Math.min(Math.max(0, this.top), this.maxTop());
    this.first = Math.max(0, Math.floor(this.top / ROW_HEIGHT) - OVERSCAN);
    this.last = Math.min(
      this.count - 1,
      Math.ceil((this.top + this.viewport) / ROW_HEIGHT) + OVERSCAN,
      this.first + MAX_WINDOW_ROWS - 1,
    );
    if (!this.following) this.setAnchor();
    this.requestPages();
  }

  private setAnchor(): void {
    const d = Math.floor(this.top / ROW_HEIGHT);
    const seq = this.seqAtDisplay(d);
    this.anchor = seq === undefined ? undefined : { seq, offset: this.top - d * ROW_HEIGHT };
  }

  private requestPages(): void {
    if (!this.source || this.last < this.first) return;
    const n = this.count;
    const [a, b] = this.newestFirst ? [n - 1 - this.last, n - 1 - this.first] : [this.first, this.last];
    this.source.ensure(a, b);
  }

  protected override updated(): void {
    const s = this.scroller;
    if (!s) return;
    if (this.pendingDisplay !== undefined) {
      const seq = this.seqAtDisplay(this.pendingDisplay);
      if (seq !== undefined) {
        this.pendingDisplay = undefined;
        this.select(seq, false);
        void this.focusSeq(seq);
      }
    }
    // CSSOM writes, so the strict CSP needs no inline style.
    const spacer = s.firstElementChild as HTMLElement;
    spacer.style.height = `${this.count * ROW_HEIGHT}px`;
    this.renderWindow(spacer.firstElementChild as HTMLElement);
    this.applyColumns();
    // Compared with the last position known (set here or read in a scroll event), not read back:
    // reading scrollTop after the DOM changed would force a layout on every render.
    if (Math.abs(this.known - this.top) >= 1) {
      this.setTop = this.top;
      this.known = this.top;
      s.scrollTop = this.top;
    }
  }

  /**
   * Fills the window with one slot element per row, keyed by seq: a slot whose row left the window is
   * refilled with a row that entered (moved, not re-created), each slot is its own Lit render root and
   * is placed by its own transform. Nothing is ever left behind per row that scrolled past, which a
   * keyed \`repeat\` did here (one comment node per departed row, lit/lit#5298), and a focused row keeps
   * its element while it stays in the window.
   */
  private renderWindow(win: HTMLElement): void {
    const source = this.source;
    const count = this.count;
    const sel = this.selectedSeq;
    const now = new Date();
    const wanted = new Map<number, number>(); // seq -> display index
    for (let d = this.first; d <= this.last; d++) {
      const seq = this.seqAtDisplay(d);
      if (seq !== undefined) wanted.set(seq, d);
    }
    const free: HTMLElement[] = [];
    for (const [seq, el] of this.slots) {
      if (!wanted.has(seq)) {
        // Out of the DOM first, so the rows that stay are never moved (moving a focused row blurs it).
        el.remove();
        free.push(el);
        this.slots.delete(seq);
      }
    }
    let prev: Element | null = null;
    for (const [seq, d] of wanted) {
      let el = this.slots.get(seq);
      if (!el) {
        el = free.pop() ?? document.createElement('div');
        el.className = 'slot';
        this.slots.set(seq, el);
      }
      // Keep the DOM in display order (screen readers read it so); only recycled slots are inserted.
      if (el.parentNode !== win || el.previousElementSibling !== prev)
        win.insertBefore(el, prev ? prev.nextSibling : win.firstChild);
      prev = el;
      const y = `translateY(${d * ROW_HEIGHT}px)`;
      if (el.style.transform !== y) el.style.transform = y;
      const index = this.newestFirst ? count - 1 - d : d;
      const row = source?.rowAt(index);
      const txn = row?.txn ? this.txnPlace(index, row.txn.key) : undefined;
      render(renderRow(row, { seq, pos: d + 1, size: count, selected: seq === sel, now, txn }), el);
    }
  }

  /**
   * A transaction's events arrive as consecutive rows with one lsid + txnNumber (never grouped by time):
   * the first row of the run (in arrival order) carries the badge with the run's size, the rest a bracket.
   */
  private txnPlace(index: number, key: string): TxnPlace {
    const same = (i: number) => this.source?.rowAt(i)?.txn?.key === key;
    const first = !same(index - 1);
    const last = !same(index + 1);
    let size: number | undefined;
    if (first) {
      size = 1;
      while (size < TXN_SCAN_LIMIT && same(index + size)) size++;
    }
    // Newest first shows the run upside down: its top row is then the last to arrive.
    return this.newestFirst ? { first: last, last: first, size: first ? size : undefined } : { first, last, size };
  }

  /**
   * The grid template: the person's widths when they resized a column, else widths fitted to the panel
   * and to what the rows' keys and namespaces need (measured in their fonts, from the rows' data rather
   * than the DOM, so no layout is forced).
   */
  private applyColumns(): void {
    const time = this.timeWidth();
    let template: string;
    let hideNs = false;
    if (this.columns || this.rowWidth <= 0) template = columnTemplate(this.columns, time);
    else {
      this.measureWindow();
      const info = this.info.value;
      const nsOptional = !!info && !info.recording && info.target.scope === 'collection';
      const fitted = fitColumns(this.rowWidth, time, this.needs, nsOptional);
      hideNs = fitted.hideNs;
      template = columnTemplate(undefined, time, fitted);
    }
    if (this.style.getPropertyValue('--csi-columns') !== template) this.style.setProperty('--csi-columns', template);
    this.toggleAttribute('hide-ns', hideNs);
  }

  /** Grows the needs to the widest namespace and key among the rows in the window. */
  private measureWindow(): void {
    const source = this.source;
    if (!source || this.count === 0) {
      this.needs = { op: 0, ns: 0, key: 0 };
      return;
    }
    let op = '';
    let txn = false;
    let ns = '';
    let key = '';
    for (let d = this.first; d <= this.last; d++) {
      const row = source.rowAt(this.newestFirst ? this.count - 1 - d : d);
      if (!row) continue;
      const label = opStyle(row.op).label + (row.split ? ` (${row.split.fragment}/${row.split.of})` : '');
      if (label.length > op.length) op = label;
      txn ||= !!row.txn;
      if (row.ns.length > ns.length) ns = row.ns;
      if (row.key.length > key.length) key = row.key;
    }
    const fonts = this.rowFonts();
    if (!fonts) return;
    this.needs = {
      op: Math.max(this.needs.op, this.textWidth(op, fonts.op) + OP_ICON + (txn ? TXN_BADGE : 0)),
      ns: Math.max(this.needs.ns, this.textWidth(ns, fonts.ns)),
      key: Math.max(this.needs.key, this.textWidth(key, fonts.key)),
    };
  }

  private rowFonts(): { op: string; ns: string; key: string } | undefined {
    if (this.fonts) return this.fonts;
    const op = this.renderRoot.querySelector('.row .op');
    const ns = this.renderRoot.querySelector('.row .ns');
    const key = this.renderRoot.querySelector('.row .key');
    if (!op || !ns || !key) return undefined;
    this.fonts = { op: getComputedStyle(op).font, ns: getComputedStyle(ns).font, key: getComputedStyle(key).font };
    return this.fonts;
  }

  private textWidth(text: string, font: string): number {
    if (!text) return 0;
    const id = `${font}\n${text}`;
    const known = this.textWidths.get(id);
    if (known !== undefined) return known;
    this.measureCanvas ??= document.createElement('canvas').getContext('2d');
    const ctx = this.measureCanvas;
    if (!ctx) return 0;
    ctx.font = font;
    const w = Math.ceil(ctx.measureText(text).width) + MEASURE_SLACK;
    if (this.textWidths.size >= MEASURE_CACHE) this.textWidths.clear();
    this.textWidths.set(id, w);
    return w;
  }

  private timeWidth(): number {
    const row = this.source?.rowAt(this.newestFirst ? this.count - 1 : 0);
    return row && notToday(row.time) ? DEFAULT_COLUMNS.timeWithDate : DEFAULT_COLUMNS.time;
  }

  override render() {
    const count = this.count;
    const sel = this.selectedSeq;
    const selDisplay = sel === undefined ? -1 : this.displayIndexOf(sel);
    const rowTakesTab = selDisplay >= this.first && selDisplay <= this.last;
    return html`
      ${this.header.render(this.columns)}
      <div
        class="scroller"
        data-testid="event-scroller"
        role="listbox"
        aria-label="Change events"
        aria-activedescendant=${sel === undefined ? '' : `row-${sel}`}
        tabindex=${rowTakesTab ? '-1' : '0'}
        @scroll=${this.onScroll}
        @wheel=${this.onWheel}
        @click=${this.onClick}
        @keydown=${this.onKeyDown}
      >
        <div class="spacer"><div class="window"></div></div>
      </div>
      ${count === 0 ? html`<div class="empty">${this.emptyText()}</div>` : null}
      ${
        !this.autoscroll && count > 0
          ? html`<button class="jump" data-testid="jump-latest" @click=${this.onJump}>
              <vscode-icon name=${this.newestFirst ? 'arrow-up' : 'arrow-down'}></vscode-icon> Jump to latest
            </button>`
          : null
      }
    `;
  }

  private emptyText(): string {
    // A brushed time range of the insight chart is a match window with a negative id (inspector-app).
    if (this.source?.filtering && this.source.filterId < 0)
      return 'No event in the selected time range. Clear the range above the list to show every event again.';
    return this.source?.filtering
      ? 'No event in the buffer matches the quick filter. Press Escape in the filter box, or its ×, to show every event.'
      : 'No events yet. Changes to the watched namespace appear here as they happen.';
  }

  private atEdge(top: number): boolean {
    return Math.abs(top - this.edgeTop()) <= ROW_HEIGHT / 2;
  }

  /** A scroll the person caused (wheel, scrollbar, keys, focusing a row): following stops away from the edge. */
  private scrollByPerson(top: number): void {
    this.top = Math.min(Math.max(0, top), this.maxTop());
    const edge = this.atEdge(this.top);
    if (edge !== this.following) {
      this.following = edge;
      this.dispatchEvent(inspectorEvent('autoscroll-change', edge));
    }
    if (!edge) this.setAnchor();
    this.dispatchEvent(inspectorEvent('list-scroll', this.top));
    this.requestUpdate();
  }

  private onScroll(): void {
    const s = this.scroller;
    if (!s) return;
    const t = s.scrollTop;
    this.known = t;
    // The layout is fresh in a scroll event: take the real viewport height while it is free to read.
    this.viewport = s.clientHeight;
    const max = s.scrollHeight - s.clientHeight;
    // Ours if it is where this list put it, or as far as the browser let it go (it clamps at the end).
    const ours = this.setTop >= 0 && (Math.abs(t - this.setTop) < 1 || (this.setTop > max && Math.abs(t - max) < 1));
    this.setTop = -1;
    if (ours) return;
    this.scrollByPerson(t);
  }

  // The wheel says "away from the newest" before the scroll event lands: stop following at once, so an
  // append in between cannot snap the list back (it could at the row cap, where the height stays put).
  private onWheel(ev: WheelEvent): void {
    const away = this.newestFirst ? ev.deltaY > 0 : ev.deltaY < 0;
    if (away && this.following && this.count * ROW_HEIGHT > this.viewport) {
      this.following = false;
      this.setAnchor();
      this.dispatchEvent(inspectorEvent('autoscroll-change', false));
    }
  }

  private onJump(): void {
    this.following = true;
    this.dispatchEvent(inspectorEvent('autoscroll-change', true));
    this.requestUpdate();
  }

  private onClick(ev: MouseEvent): void {
    const row = (ev.target as Element).closest<HTMLElement>('[data-testid="event-row"]');
    if (row) this.select(Number(row.dataset.seq), true);
  }

  private onKeyDown(ev: KeyboardEvent): void {
    const n = this.count;
    if (n === 0) return;
    const current = this.selectedSeq === undefined ? -1 : this.displayIndexOf(this.selectedSeq);
    const page = Math.max(1, Math.floor(this.viewport / ROW_HEIGHT) - 1);
    const last = n - 1;
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
        if (current >= 0 && this.selectedSeq !== undefined) this.select(this.selectedSeq, true);
        ev.preventDefault();
        return;
      default:
        return;
    }
    ev.preventDefault();
    const seq = this.seqAtDisplay(next);
    if (seq === undefined) {
      // A quick filter's row whose summary is not here yet (so its seq is unknown): go there, select on arrival.
      this.pendingDisplay = next;
      this.scrollToDisplay(next);
      return;
    }
    this.pendingDisplay = undefined;
    this.select(seq, false);
    void this.focusSeq(seq);
  }

  private select(seq: number, open: boolean): void {
    this.dispatchEvent(inspectorEvent('select-event', { seq, open }));
  }

  static override styles = [baseStyles, opColors, listStyles];
}

customElements.define('csi-event-list', EventList);
