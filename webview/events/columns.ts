// The list's column header: five columns, the first four resizable by dragging (or with the arrow keys
// on) the separator after them; a double-click on a separator gives the columns back their fitted widths.
// Widths go up in a 'columns-change' event (an empty list: fitted again); the app keeps them in the
// view state, so they survive hide/show and reloads.
import { html } from 'lit';
import { inspectorEvent } from '../shared/events';
import { COLUMN_NAMES, KEY_STEP, readColumns } from './column-widths';

/** The cells' classes, so a column the list leaves out (hide-ns) goes from the header too. */
const COLUMN_CLASSES = ['time', 'op', 'ns', 'key', 'changed'] as const;
/** A column shown again by a resize starts at this width. */
const SHOWN_AGAIN = 80;

export class ColumnHeader {
  private drag: { column: number; startX: number; widths: number[] } | undefined;

  constructor(private readonly host: HTMLElement) {}

  render(widths: number[] | undefined) {
    return html`<div class="header" data-testid="list-header">
      ${COLUMN_NAMES.map(
        (name, i) =>
          html`<span class="head-cell head-${COLUMN_CLASSES[i]}"
            ><span class="head-label">${name}</span>${
              i < 4
                ? html`<span
                    class="resizer"
                    role="separator"
                    aria-orientation="vertical"
                    aria-label=${`Resize the ${name} column`}
                    tabindex="0"
                    data-testid=${`resize-${i}`}
                    @pointerdown=${(e: PointerEvent) => this.start(e, i)}
                    @pointermove=${(e: PointerEvent) => this.move(e)}
                    @pointerup=${(e: PointerEvent) => this.end(e)}
                    @keydown=${(e: KeyboardEvent) => this.key(e, i, widths)}
                    @dblclick=${() => this.host.dispatchEvent(inspectorEvent('columns-change', []))}
                    title="Drag to resize; double-click to fit the columns to their text"
                  ></span>`
                : null
            }</span
          >`,
      )}
    </div>`;
  }

  private measured(): number[] {
    const cells = [...(this.host.shadowRoot?.querySelectorAll<HTMLElement>('.head-cell') ?? [])];
    return cells.slice(0, 4).map((c) => c.getBoundingClientRect().width || SHOWN_AGAIN);
  }

  private start(e: PointerEvent, column: number): void {
    e.preventDefault();
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    this.drag = { column, startX: e.clientX, widths: this.measured() };
  }

  private move(e: PointerEvent): void {
    if (!this.drag) return;
    const widths = [...this.drag.widths];
    widths[this.drag.column] = widths[this.drag.column] + e.clientX - this.drag.startX;
    this.emit(widths);
  }

  private end(e: PointerEvent): void {
    if (!this.drag) return;
    this.move(e);
    this.drag = undefined;
  }

  private key(e: KeyboardEvent, column: number, saved: number[] | undefined): void {
    const step = e.key === 'ArrowRight' ? KEY_STEP : e.key === 'ArrowLeft' ? -KEY_STEP : 0;
    if (!step) return;
    e.preventDefault();
    const widths = saved ? [...saved] : this.measured();
    widths[column] += step;
    this.emit(widths);
  }

  private emit(widths: number[]): void {
    const clean = readColumns(widths);
    if (clean) this.host.dispatchEvent(inspectorEvent('columns-change', clean));
  }
}
