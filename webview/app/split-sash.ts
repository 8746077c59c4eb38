// The sash between the list and the details: drag it, or focus it and use the arrow keys, to share the
// space; the position (a percentage) goes up in a 'split-change' event and is kept in the view state.
// Hand-written rather than <vscode-split-layout>: that one re-slots both panes (the list would be
// re-created whenever details open) and has no keyboard support.
import { LitElement, css, html } from 'lit';
import { inspectorEvent } from '../shared/events';

const MIN = 15;
const MAX = 85;
const STEP = 5;

export class SplitSash extends LitElement {
  static override properties = { vertical: { type: Boolean, reflect: true }, percent: { type: Number } };
  /** True when the panes sit side by side (the sash is a vertical line). */
  declare vertical: boolean;
  declare percent: number;

  private dragging = false;

  constructor() {
    super();
    this.vertical = false;
    this.percent = 50;
  }

  override render() {
    return html`<div
      class="sash"
      role="separator"
      tabindex="0"
      data-testid="split-sash"
      aria-label="Resize the event list and the details"
      aria-orientation=${this.vertical ? 'vertical' : 'horizontal'}
      aria-valuemin=${MIN}
      aria-valuemax=${MAX}
      aria-valuenow=${Math.round(this.percent)}
      @pointerdown=${this.onDown}
      @pointermove=${this.onMove}
      @pointerup=${this.onUp}
      @keydown=${this.onKey}
    ></div>`;
  }

  private onDown(e: PointerEvent): void {
    e.preventDefault();
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    this.dragging = true;
  }

  private onMove(e: PointerEvent): void {
    if (!this.dragging) return;
    const box = this.parentElement?.getBoundingClientRect();
    if (!box) return;
    const p = this.vertical ? ((e.clientX - box.left) / box.width) * 100 : ((e.clientY - box.top) / box.height) * 100;
    this.emit(p);
  }

  private onUp(e: PointerEvent): void {
    this.onMove(e);
    this.dragging = false;
  }

  private onKey(e: KeyboardEvent): void {
    const back = this.vertical ? 'ArrowLeft' : 'ArrowUp';
    const forward = this.vertical ? 'ArrowRight' : 'ArrowDown';
    if (e.key !== back && e.key !== forward) return;
    e.preventDefault();
    this.emit(this.percent + (e.key === forward ? STEP : -STEP));
  }

  private emit(p: number): void {
    this.dispatchEvent(inspectorEvent('split-change', Math.round(Math.min(MAX, Math.max(MIN, p)) * 10) / 10));
  }

  static override styles = css`
    :host {
      flex: none;
      position: relative;
      z-index: 2;
      height: 1px;
      background: var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    }
    :host([vertical]) {
      width: 1px;
      height: auto;
    }
    .sash {
      position: absolute;
      inset: -3px 0;
      cursor: row-resize;
      touch-action: none;
    }
    :host([vertical]) .sash {
      inset: 0 -3px;
      cursor: col-resize;
    }
    .sash:hover,
    .sash:focus-visible {
      background: var(--vscode-sash-hoverBorder, var(--vscode-focusBorder));
      outline: none;
    }
  `;
}

customElements.define('csi-split-sash', SplitSash);
