// <csi-inspector>: provides the watch's state to the components below it and keeps the view state
// (selection, scroll, order, columns, split, copy format, filter) saved. Host notifications go to an
// immutable reducer (watch info, counters) and to the paged RowSource (rows); each part is published
// through its own context, so an append re-renders the counters and the list's window, not the app.
import { ContextProvider } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import type { HostNotification, QuickFilterProblem } from '../../src/shared/protocol';
import type { EventDetails } from '../details/event-details';
import type { EventList } from '../events/event-list';
import type { QuickFilterBar } from '../filter/quick-filter-bar';
import type { PipelineEditor } from '../pipeline/pipeline-editor';
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
import '../filter/quick-filter-bar';
import '../status/state-banner';
import '../insight/insight-chart';
import type { SeqWindowDetail } from '../insight/insight-chart';
import '../diff/image-status';
import './split-sash';
import './toolbar';
// bookmarks (issue 9)
import { BookmarksController } from '../bookmarks/bookmarks-controller';

/** The match-window id of a brushed time range (the host's quick-filter ids are positive). */
const SEQ_WINDOW_ID = -1;

/** Panels at least this wide, and wider than 16:9, put the details beside the list. */
const SIDE_SPLIT_MIN_WIDTH = 1200;

export class InspectorApp extends LitElement {
  static override properties = {
    view: { state: true },
    started: { state: true },
    side: { state: true },
    quickProblem: { state: true },
  };
  declare view: ViewState;
  /** The first snapshot arrived; until then the panel says it is connecting. */
  declare started: boolean;
  declare side: boolean;
  /** The quick filter's text could not be used (shown under the box). */
  declare quickProblem: QuickFilterProblem | undefined;

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
  /** Only the answer to the latest setQuickFilter counts. */
  private quickRequest = 0;
  private quickTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly bookmarks = new BookmarksController(this);
  private pipelineChunk: Promise<unknown> | undefined;

  constructor() {
    super();
    this.view = readViewState(undefined);
    this.started = false;
    this.side = false;
    this.quickProblem = undefined;
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
    this.bookmarks.connect(bridge);
    if (this.view.optionsOpen) this.loadOptions();
    if (this.view.pipelineOpen) this.loadPipeline();
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
    window.addEventListener('keydown', this.onWindowKey);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    window.removeEventListener('keydown', this.onWindowKey);
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
    this.bookmarks.onHost(n);
    switch (n.method) {
      case 'snapshot':
        this.rows.snapshot(n.params.firstSeq, n.params.lastSeq, n.params.summaries);
        // Saved at once, not on the scroll timer: a window reload right after must revive this watch.
        this.setView({ watchId: n.params.watchId, target: n.params.target, options: n.params.options }, true);
        this.adoptLog(n.params.logId);
        // A new picture of the log: the quick filter's matches are asked for again.
        if (this.quickActive()) void this.applyQuick();
        if (this.firstSnapshot) {
          this.firstSnapshot = false;
          this.tellSelection(this.view.selectedSeq);
          this.started = true;
          void this.afterFirstSnapshot();
        }
        break;
      case 'appended':
        this.rows.appended(n.params.summaries, n.params.firstSeq, n.params.lastSeq, n.params.quick);
        break;
      case 'cleared': {
        this.rows.cleared(n.params.firstSeq, n.params.lastSeq);
        if (this.quickActive()) void this.applyQuick();
        if (this.view.selectedSeq !== undefined) this.setView({ selectedSeq: undefined, detailsOpen: false });
        this.tellSelection(undefined);
        break;
      }
      case 'options':
        this.setView({ options: n.params }, true);
        break;
      case 'pipelineText': {
        const editor = this.renderRoot.querySelector<PipelineEditor>('csi-pipeline-editor');
        if (editor) editor.hostText(n.params);
        else this.setView({ pipelineDraft: n.params.text });
        break;
      }
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

  // The pipeline editor (with CodeMirror) is its own lazy chunk too.
  private loadPipeline(): void {
    this.pipelineChunk ??= import('../pipeline/pipeline-editor');
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
    if (this.bookmarks.onKey(ev, this.view.selectedSeq)) return;
    if (ev.key === 'Escape' && this.view.detailsOpen) {
      ev.preventDefault();
      this.closeDetails();
    }
  }

  private onToolbar(ev: CustomEvent<ToolbarAction>): void {
    const action = ev.detail;
    if (action === 'pipeline') {
      if (!this.view.pipelineOpen) this.loadPipeline();
      this.setView({ pipelineOpen: !this.view.pipelineOpen }, true);
    } else if (action === 'options') {
      if (!this.view.optionsOpen) this.loadOptions();
      this.setView({ optionsOpen: !this.view.optionsOpen });
    } else if (action === 'order') {
      this.setView({ newestFirst: !this.view.newestFirst, autoscroll: true });
    } else if (action === 'export' || action === 'replay') {
      // recording (issue 12): the host asks which events, offering the panel's filter and selection.
      const seq = this.view.selectedSeq;
      if (action === 'replay') void this.bridge?.request('replayEvents', {}).catch(() => undefined);
      else {
        const params = { ops: this.view.opFilter, ...(seq !== undefined ? { seqs: [seq] } : {}) };
        void this.bridge?.request('exportEvents', params).catch(() => undefined);
      }
    } else {
      this.bridge?.notify({ kind: 'notify', method: action });
    }
  }

  private onFilter(ev: CustomEvent<string[]>): void {
    this.setView({ opFilter: ev.detail, autoscroll: true });
    void this.applyQuick();
  }

  private onQuickText(ev: CustomEvent<string>): void {
    this.setView({ quickText: ev.detail, autoscroll: true });
    // Typing: ask the host once the person pauses, not on every key.
    if (this.quickTimer !== undefined) clearTimeout(this.quickTimer);
    this.quickTimer = setTimeout(() => void this.applyQuick(), 120);
  }

  private onQuickClear(): void {
    this.setView({ quickText: '', opFilter: [], autoscroll: true });
    void this.applyQuick();
  }

  private quickActive(): boolean {
    return this.view.quickText.trim() !== '' || this.view.opFilter.length > 0;
  }

  /** Sends the quick filter to the host; its answer decides the rows (the matches of its whole log). */
  private async applyQuick(): Promise<void> {
    if (this.quickTimer !== undefined) clearTimeout(this.quickTimer);
    this.quickTimer = undefined;
    const bridge = this.bridge;
    if (!bridge) return;
    const mine = ++this.quickRequest;
    const { quickText: text, opFilter: ops } = this.view;
    if (!this.quickActive()) {
      this.rows.clearMatches();
      this.quickProblem = undefined;
    }
    try {
      const w = await bridge.request('setQuickFilter', { text, ops });
      if (mine !== this.quickRequest) return;
      this.quickProblem = w.error;
      if (w.error) return;
      if (w.active)
        this.rows.setMatches(w, (filterId, fromOrdinal, count) =>
          bridge.request('getMatches', { filterId, fromOrdinal, count }),
        );
      else this.rows.clearMatches();
    } catch (err) {
      if (mine !== this.quickRequest) return;
      const message = err instanceof Error ? err.message : String(err);
      this.quickProblem = { code: 'REQUEST_FAILED', message, action: 'Edit the filter to try again.', column: 1 };
    }
  }

  // Ctrl/Cmd+F puts the caret in the quick filter (the list is virtual: a page find sees only its window).
  private readonly onWindowKey = (ev: KeyboardEvent): void => {
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey && ev.key.toLowerCase() === 'f') {
      const bar = this.renderRoot.querySelector<QuickFilterBar>('csi-quick-filter');
      if (!bar) return;
      ev.preventDefault();
      bar.focus();
    }
  };

  /** The host's palette commands (Compare Before/After…) act on the selected event. */
  private tellSelection(seq: number | undefined): void {
    this.bridge?.notify({ kind: 'notify', method: 'selectionChanged', params: seq === undefined ? {} : { seq } });
  }

  // The brushed time range of the insight chart (issue 11): the list shows that run of seqs, paged in
  // with getSummaries as a match window of its own (ordinal = seq), so the list is the same list.
  private readonly onSeqWindow = (ev: CustomEvent<SeqWindowDetail>): void => {
    const d = ev.detail;
    const bridge = this.bridge;
    if (!bridge) return;
    if (!d) {
      this.rows.clearMatches();
      this.setView({ autoscroll: true });
      if (this.quickActive()) void this.applyQuick();
      return;
    }
    // One narrowing at a time: the brush replaces the quick filter (the host forgets it too).
    this.quickRequest++;
    this.quickProblem = undefined;
    this.setView({ quickText: '', opFilter: [], autoscroll: false });
    void bridge.request('setQuickFilter', { text: '', ops: [] }).catch(() => undefined);
    const first = d.fromSeq;
    const last = d.toSeq;
    this.rows.setMatches(
      { filterId: SEQ_WINDOW_ID, first, last, from: first, summaries: [] },
      async (_id, from, count) => {
        const lo = Math.max(from, first);
        const n = Math.min(count, last - lo + 1);
        const got = n > 0 ? await bridge.request('getSummaries', { fromSeq: lo, count: n }) : [];
        const summaries = got.filter((s) => s.seq >= lo && s.seq <= last);
        return { from: summaries[0]?.seq ?? lo, first, last, summaries };
      },
    );
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
          .pipelineOpen=${v.pipelineOpen}
          .newestFirst=${v.newestFirst}
          @toolbar-action=${this.onToolbar}
        ></csi-toolbar>
        <csi-state-banner data-testid="state-banner"></csi-state-banner>
        <csi-op-counts data-testid="op-counts" .filter=${v.opFilter} @op-filter-change=${this.onFilter}></csi-op-counts>
        <csi-quick-filter
          data-testid="quick-filter"
          .text=${v.quickText}
          .ops=${v.opFilter}
          .problem=${this.quickProblem}
          @quick-filter-change=${this.onQuickText}
          @quick-filter-clear=${this.onQuickClear}
        ></csi-quick-filter>
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
        ${
          v.pipelineOpen
            ? html`<csi-pipeline-editor
                data-testid="pipeline-editor"
                .draft=${v.pipelineDraft}
                @pipeline-draft-change=${(e: CustomEvent<string>) => this.setView({ pipelineDraft: e.detail })}
              ></csi-pipeline-editor>`
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
          @columns-change=${(e: CustomEvent<number[]>) =>
            this.setView({ columns: e.detail.length === 4 ? e.detail : undefined })}
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
