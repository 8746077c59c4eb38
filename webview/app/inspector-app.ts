// <csi-inspector>: provides the watch's state to the components below it and keeps the view state
// (selection, scroll, order, columns, split, copy format, filter) saved. Host notifications go to an
// immutable reducer (watch info, counters) and to the paged RowSource (rows); each part is published
// through its own context, so an append re-renders the counters and the list's window, not the app.
import { ContextProvider } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import type { HostNotification } from '../../src/shared/protocol';
import type { EventDetails } from '../details/event-details';
import type { EventList } from '../events/event-list';
import { RowSource } from '../events/row-source';
import { bridgeContext, countersContext, rowSourceContext, watchInfoContext } from '../shared/contexts';
import type { CopyFormat } from '../shared/copy-formats';
import type { CopyRequest, SelectDetail, ToolbarAction } from '../shared/events';
import type { HostBridge } from '../shared/host-bridge';
import { baseStyles } from '../shared/theme';
import { appStyles } from './inspector-app.styles';
import { readViewState, type ViewState } from './view-state';
import { INITIAL_STATE, reduceWatch, type WatchState } from './watch-state';
import '../details/event-details';
import '../events/event-list';
import '../status/op-counts';
import '../status/state-banner';
import '../insight/insight-chart';
import type { SeqWindowDetail } from '../insight/insight-chart';
import '../diff/image-status';
import './split-sash';
import './toolbar';

/** Panels at least this wide, and wider than 16:9, put the details beside the list. */
const SIDE_SPLIT_MIN_WIDTH = 1200;

export class InspectorApp extends LitElement {
  static override properties = {
    view: { state: true },
    started: { state: true },
    side: { state: true },
  };
  declare view: ViewState;
  /** The first snapshot arrived; until then the panel says it is connecting. */
  declare started: boolean;
  declare side: boolean;

  private bridge: HostBridge | undefined;
  private state: WatchState = INITIAL_STATE;
  private readonly rows = new RowSource();
  private readonly infoProvider = new ContextProvider(this, { context: watchInfoContext, initialValue: undefined });
  private readonly countersProvider = new ContextProvider(this, {
    context: countersContext,
    initialValue: INITIAL_STATE.counters,
  });
  private readonly bridgeProvider = new ContextProvider(this, { context: bridgeContext, initialValue: undefined });
  private firstSnapshot = true;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private optionsChunk: Promise<unknown> | undefined;

  constructor() {
    super();
    this.view = readViewState(undefined);
    this.started = false;
    this.side = false;
    new ContextProvider(this, { context: rowSourceContext, initialValue: this.rows });
  }

  /** Starts talking to the host; called once by main.ts. */
  /**
   * A window reload rebuilds the host's log (new logId, seqs from 1 again): a selection saved under the
   * old log names an event of that log, not an evicted one, so it is dropped instead of asked for.
   */
  private adoptLog(logId: string | undefined): void {
    if (logId === undefined) return;
    const stale = this.view.logId !== undefined && this.view.logId !== logId;
    if (stale) this.setView({ logId, selectedSeq: undefined, detailsOpen: false }, true);
    else if (this.view.logId !== logId) this.setView({ logId }, true);
  }

  connect(bridge: HostBridge): void {
    this.bridge = bridge;
    this.bridgeProvider.setValue(bridge);
    this.rows.setFetch((fromSeq, count) => bridge.request('getSummaries', { fromSeq, count }));
    this.view = readViewState(bridge.getState());
    this.rows.setFilter(this.view.opFilter);
    if (this.view.optionsOpen) this.loadOptions();
    bridge.onNotification((n) => this.onHost(n));
    bridge.ready();
  }

  private readonly resize = new ResizeObserver(([entry]) => {
    const { width, height } = entry.contentRect;
    const side = width >= SIDE_SPLIT_MIN_WIDTH && width / Math.max(1, height) >= 16 / 9;
    if (side !== this.side) this.side = side;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  private get list(): EventList | null {
    return this.renderRoot.querySelector('csi-event-list');
  }

  private onHost(n: HostNotification): void {
    const before = this.state;
    this.state = reduceWatch(before, n);
    if (this.state.info !== before.info) this.infoProvider.setValue(this.state.info);
    if (this.state.counters !== before.counters) this.countersProvider.setValue(this.state.counters);
    switch (n.method) {
      case 'snapshot':
        this.rows.snapshot(n.params.firstSeq, n.params.lastSeq, n.params.summaries);
        // Saved at once, not on the scroll timer: a window reload right after must revive this watch.
        this.setView({ watchId: n.params.watchId, target: n.params.target, options: n.params.options }, true);
        this.adoptLog(n.params.logId);
        if (this.firstSnapshot) {
          this.firstSnapshot = false;
          this.tellSelection(this.view.selectedSeq);
          this.started = true;
          void this.afterFirstSnapshot();
        }
        break;
      case 'appended':
        this.rows.appended(n.params.summaries, n.params.firstSeq, n.params.lastSeq);
        break;
      case 'cleared': {
        this.rows.cleared(n.params.firstSeq, n.params.lastSeq);
        if (this.view.selectedSeq !== undefined) this.setView({ selectedSeq: undefined, detailsOpen: false });
        this.tellSelection(undefined);
        break;
      }
      case 'options':
        this.setView({ options: n.params }, true);
        break;
      default:
        break;
    }
  }

  private async afterFirstSnapshot(): Promise<void> {
    await this.updateComplete;
    const list = this.list;
    if (list) await list.updateComplete;
    if (list && !this.view.autoscroll) list.restoreScroll(this.view.scrollTop);
    // The end-to-end tests wait for this marker before interacting.
    requestAnimationFrame(() => {
      document.body.dataset.ready = 'true';
    });
  }

  private setView(patch: Partial<ViewState>, saveNow = false): void {
    this.view = { ...this.view, ...patch };
    if (saveNow) {
      if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.bridge?.setState(this.view);
      return;
    }
    // Scroll and drag events are frequent: save at most every 200 ms.
    if (this.saveTimer === undefined) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        this.bridge?.setState(this.view);
      }, 200);
    }
  }

  // The options form is its own lazy chunk: most sessions never open it.
  private loadOptions(): void {
    this.optionsChunk ??= import('../options/options-form');
  }

  private onSelect(ev: CustomEvent<SelectDetail>): void {
    const { seq, open } = ev.detail;
    const again = open && seq === this.view.selectedSeq && this.view.detailsOpen;
    this.setView({ selectedSeq: seq, detailsOpen: this.view.detailsOpen || open });
    this.tellSelection(seq);
    if (again) this.renderRoot.querySelector<EventDetails>('csi-event-details')?.reload();
  }

  private closeDetails(): void {
    this.setView({ detailsOpen: false });
    const seq = this.view.selectedSeq;
    if (seq !== undefined) void this.list?.focusSeq(seq);
  }

  private onKeyDown(ev: KeyboardEvent): void {
    if (ev.key === 'Escape' && this.view.detailsOpen) {
      ev.preventDefault();
      this.closeDetails();
    }
  }

  private onToolbar(ev: CustomEvent<ToolbarAction>): void {
    const action = ev.detail;
    if (action === 'options') {
      if (!this.view.optionsOpen) this.loadOptions();
      this.setView({ optionsOpen: !this.view.optionsOpen });
    } else if (action === 'order') {
      this.setView({ newestFirst: !this.view.newestFirst, autoscroll: true });
    } else {
      this.bridge?.notify({ kind: 'notify', method: action });
    }
  }

  private onFilter(ev: CustomEvent<string[]>): void {
    this.rows.setFilter(ev.detail);
    this.setView({ opFilter: ev.detail, autoscroll: true });
  }

  /** The host's palette commands (Compare Before/After…) act on the selected event. */
  private tellSelection(seq: number | undefined): void {
    this.bridge?.notify({ kind: 'notify', method: 'selectionChanged', params: seq === undefined ? {} : { seq } });
  }

  // The brushed time range of the insight chart: the list shows that seq window (issue 11).
  private readonly onSeqWindow = (ev: CustomEvent<SeqWindowDetail>): void => {
    const d = ev.detail;
    this.rows.setSeqWindow(d ? { fromSeq: d.fromSeq, toSeq: d.toSeq } : undefined);
    this.setView({ autoscroll: !d });
  };

  private onCopy(ev: CustomEvent<CopyRequest>): void {
    this.bridge?.notify({ kind: 'notify', method: 'copy', params: { text: ev.detail.text, what: ev.detail.what } });
  }

  protected override updated(): void {
    this.renderRoot.querySelector<HTMLElement>('main')?.style.setProperty('--csi-split', `${this.view.splitPercent}%`);
  }

  override render() {
    if (!this.started) return html`<div class="waiting" role="status">Connecting to the watch…</div>`;
    const v = this.view;
    return html`
      <header>
        <csi-toolbar
          .optionsOpen=${v.optionsOpen}
          .newestFirst=${v.newestFirst}
          @toolbar-action=${this.onToolbar}
        ></csi-toolbar>
        <csi-state-banner data-testid="state-banner"></csi-state-banner>
        <csi-op-counts data-testid="op-counts" .filter=${v.opFilter} @op-filter-change=${this.onFilter}></csi-op-counts>
        <csi-insight-chart @seq-window-change=${this.onSeqWindow}></csi-insight-chart>
        <csi-image-status></csi-image-status>
        ${
          v.optionsOpen
            ? html`<csi-options-form
                data-testid="options-form"
                .options=${this.state.info?.options}
              ></csi-options-form>`
            : nothing
        }
      </header>
      <main
        class="${v.detailsOpen ? 'split' : ''} ${this.side ? 'side' : ''}"
        @keydown=${this.onKeyDown}
        @copy-text=${this.onCopy}
        @close-details=${this.closeDetails}
        @copy-format-change=${(e: CustomEvent<string>) => this.setView({ copyFormat: e.detail as CopyFormat })}
      >
        <csi-event-list
          .selectedSeq=${v.selectedSeq}
          .autoscroll=${v.autoscroll}
          .newestFirst=${v.newestFirst}
          .columns=${v.columns}
          @select-event=${this.onSelect}
          @autoscroll-change=${(e: CustomEvent<boolean>) => this.setView({ autoscroll: e.detail })}
          @list-scroll=${(e: CustomEvent<number>) => this.setView({ scrollTop: e.detail })}
          @columns-change=${(e: CustomEvent<number[]>) => this.setView({ columns: e.detail })}
        ></csi-event-list>
        ${
          v.detailsOpen
            ? html`<csi-split-sash
                  .vertical=${this.side}
                  .percent=${v.splitPercent}
                  @split-change=${(e: CustomEvent<number>) => this.setView({ splitPercent: e.detail })}
                ></csi-split-sash>
                <csi-event-details
                  data-testid="event-details"
                  role="region"
                  aria-label="Event details"
                  .seq=${v.selectedSeq}
                  .format=${v.copyFormat}
                ></csi-event-details>`
            : nothing
        }
      </main>
    `;
  }

  static override styles = [baseStyles, appStyles];
}

customElements.define('csi-inspector', InspectorApp);
