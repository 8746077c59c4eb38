// <csi-inspector>: composes toolbar, banner, counts, options, list and details for one watch, wires
// them to the host bridge and the store, and keeps the view state (selection, scroll, panels) saved.
import { LitElement, css, html, nothing } from 'lit';
import type { EventDetail, HostNotification, WatchOptions } from '../../src/shared/protocol';
import type { CopyRequest } from '../details/ejson-tree';
import type { EventList, SelectDetail } from '../events/event-list';
import { type HostBridge, RequestError } from '../shared/host-bridge';
import { InspectorStore } from './inspector-store';
import type { ToolbarAction } from './toolbar';
import { readViewState, type ViewState } from './view-state';
import { baseStyles } from '../shared/theme';
import '../events/event-list';
import '../details/event-details';
import '../status/op-counts';
import '../options/options-form';
import '../status/state-banner';
import './toolbar';

export class InspectorApp extends LitElement {
  static override properties = {
    view: { state: true },
    detail: { state: true },
    detailLoading: { state: true },
    detailError: { state: true },
    optionsPending: { state: true },
    optionsError: { state: true },
    revision: { state: true },
  };
  declare view: ViewState;
  declare detail: EventDetail | null | undefined;
  declare detailLoading: boolean;
  declare detailError: string;
  declare optionsPending: boolean;
  declare optionsError: string;
  /** Bumped on every store change so Lit re-renders (the store mutates in place). */
  declare revision: number;

  private bridge: HostBridge | undefined;
  private readonly store = new InspectorStore();
  private firstSnapshot = true;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.view = readViewState(undefined);
    this.detail = undefined;
    this.detailLoading = false;
    this.detailError = '';
    this.optionsPending = false;
    this.optionsError = '';
    this.revision = 0;
  }

  /** Starts talking to the host; called once by main.ts. */
  connect(bridge: HostBridge): void {
    this.bridge = bridge;
    this.view = readViewState(bridge.getState());
    bridge.onNotification((n) => this.onHost(n));
    bridge.ready();
  }

  private get list(): EventList | null {
    return this.renderRoot.querySelector('csi-event-list');
  }

  private onHost(n: HostNotification): void {
    this.store.apply(n);
    this.revision++;
    if (n.method === 'snapshot' || n.method === 'cleared') {
      const sel = this.view.selectedSeq;
      if (sel !== undefined && this.store.indexOfSeq(sel) < 0 && n.method === 'cleared')
        this.setView({ selectedSeq: undefined, detailsOpen: false });
    }
    // Saved at once, not on the scroll timer: a window reload right after must revive this watch.
    if (n.method === 'snapshot')
      this.setView({ watchId: n.params.watchId, target: n.params.target, options: n.params.options }, true);
    if (n.method === 'options') this.setView({ options: n.params }, true);
    if (n.method === 'snapshot' && this.firstSnapshot) {
      this.firstSnapshot = false;
      void this.afterFirstSnapshot();
    }
  }

  private async afterFirstSnapshot(): Promise<void> {
    await this.updateComplete;
    const list = this.list;
    if (list) await list.updateComplete;
    if (list && !this.view.autoscroll) list.restoreScroll(this.view.scrollTop);
    if (this.view.detailsOpen && this.view.selectedSeq !== undefined) void this.loadDetail(this.view.selectedSeq);
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
    // Scroll events are frequent: save at most every 200 ms.
    if (this.saveTimer === undefined) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        this.bridge?.setState(this.view);
      }, 200);
    }
  }

  private async loadDetail(seq: number): Promise<void> {
    if (!this.bridge) return;
    this.detailLoading = true;
    this.detailError = '';
    try {
      const d = await this.bridge.request('getEvent', { seq });
      if (this.view.selectedSeq !== seq) return; // a newer selection won
      this.detail = d;
    } catch (e) {
      if (this.view.selectedSeq !== seq) return;
      this.detail = undefined;
      this.detailError = e instanceof RequestError ? e.message : 'The event could not be loaded. Try again.';
    } finally {
      if (this.view.selectedSeq === seq) this.detailLoading = false;
    }
  }

  private onSelect(ev: CustomEvent<SelectDetail>): void {
    const { seq, open } = ev.detail;
    const changed = seq !== this.view.selectedSeq;
    const detailsOpen = this.view.detailsOpen || open;
    this.setView({ selectedSeq: seq, detailsOpen });
    if (detailsOpen && (changed || open)) void this.loadDetail(seq);
  }

  private closeDetails(): void {
    this.setView({ detailsOpen: false });
    this.detail = undefined;
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
      this.setView({ optionsOpen: !this.view.optionsOpen });
      return;
    }
    this.bridge?.notify({ kind: 'notify', method: action });
  }

  private async onApplyOptions(ev: CustomEvent<WatchOptions>): Promise<void> {
    if (!this.bridge) return;
    this.optionsPending = true;
    this.optionsError = '';
    try {
      await this.bridge.request('setOptions', { options: ev.detail });
    } catch (e) {
      this.optionsError = e instanceof RequestError ? e.message : 'The options could not be applied. Try again.';
    } finally {
      this.optionsPending = false;
    }
  }

  private onCopy(ev: CustomEvent<CopyRequest>): void {
    this.bridge?.notify({ kind: 'notify', method: 'copy', params: { text: ev.detail.text, what: ev.detail.what } });
  }

  override render() {
    const w = this.store.watch;
    if (!w) return html`<div class="waiting" role="status">Connecting to the watch…</div>`;
    const v = this.view;
    return html`
      <header>
        <csi-toolbar
          .state=${w.status.state}
          .heading=${w.title}
          .optionsOpen=${v.optionsOpen}
          @toolbar-action=${this.onToolbar}
        ></csi-toolbar>
        <csi-state-banner
          data-testid="state-banner"
          data-state=${w.status.state}
          .status=${w.status}
        ></csi-state-banner>
        <csi-op-counts
          data-testid="op-counts"
          .counts=${w.counts}
          .total=${w.total}
          .rate=${w.rate}
          .evicted=${w.evicted}
        ></csi-op-counts>
        ${
          v.optionsOpen
            ? html`<csi-options-form
                data-testid="options-form"
                .options=${w.options}
                .pending=${this.optionsPending}
                .error=${this.optionsError}
                @apply-options=${this.onApplyOptions}
              ></csi-options-form>`
            : nothing
        }
      </header>
      <main
        class=${v.detailsOpen ? 'split' : ''}
        @keydown=${this.onKeyDown}
        @copy-text=${this.onCopy}
        @close-details=${this.closeDetails}
      >
        <csi-event-list
          .rows=${this.store.rows}
          .selectedSeq=${v.selectedSeq}
          .autoscroll=${v.autoscroll}
          @select-event=${this.onSelect}
          @autoscroll-change=${(e: CustomEvent<boolean>) => this.setView({ autoscroll: e.detail })}
          @list-scroll=${(e: CustomEvent<number>) => this.setView({ scrollTop: e.detail })}
        ></csi-event-list>
        ${
          v.detailsOpen
            ? html`<csi-event-details
                data-testid="event-details"
                role="region"
                aria-label="Event details"
                .detail=${this.detail}
                .loading=${this.detailLoading}
                .error=${this.detailError}
              ></csi-event-details>`
            : nothing
        }
      </main>
    `;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        position: fixed;
        inset: 0;
        display: flex;
        flex-direction: column;
        background: var(--vscode-editor-background);
      }
      header {
        flex: none;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      }
      main {
        flex: 1 1 auto;
        min-height: 0;
        display: flex;
        flex-direction: column;
      }
      csi-event-list {
        flex: 1 1 auto;
      }
      main.split csi-event-list {
        flex: 1 1 50%;
      }
      csi-event-details {
        flex: 1 1 50%;
        border-top: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      }
      @media (min-aspect-ratio: 16/9) and (min-width: 1200px) {
        main.split {
          flex-direction: row;
        }
        main.split csi-event-list {
          flex-basis: 55%;
        }
        csi-event-details {
          flex-basis: 45%;
          border-top: none;
          border-left: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
        }
      }
      .waiting {
        padding: 16px;
        color: var(--vscode-descriptionForeground);
      }
    `,
  ];
}

customElements.define('csi-inspector', InspectorApp);
