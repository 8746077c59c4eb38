// The panel's bookmarks: fetched when the watch's list is (re)built, replaced when the host says they
// changed, and offered to the components below the app as one immutable value (@lit/context). Adding
// and resuming are requests; their answer, or why not, is kept as a short status line.
import { ContextProvider, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BookmarkView, HostNotification } from '../../src/shared/protocol';
import type { HostBridge } from '../shared/host-bridge';

export interface PanelBookmarks {
  readonly list: readonly BookmarkView[];
  /** Bookmarked events still in this log, by seq. */
  readonly bySeq: ReadonlyMap<number, BookmarkView>;
  /** The answer to the last add / resume / start-at-time, for a status line ('' when none). */
  readonly status: string;
  readonly busy: boolean;
  add(seq?: number): Promise<void>;
  resume(id: string): Promise<void>;
  startAtTime(): Promise<void>;
}

export const bookmarksContext = createContext<PanelBookmarks | undefined>(Symbol('csi-bookmarks'));

export class BookmarksController implements ReactiveController {
  private bridge: HostBridge | undefined;
  private list: readonly BookmarkView[] = [];
  private status = '';
  private busy = false;
  private readonly provider: ContextProvider<typeof bookmarksContext>;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    this.provider = new ContextProvider(host, { context: bookmarksContext, initialValue: undefined });
  }

  hostConnected(): void {}

  connect(bridge: HostBridge): void {
    this.bridge = bridge;
    this.publish();
  }

  /** Host notifications: a new or cleared list may hold other bookmarked events; 'bookmarks' replaces them. */
  onHost(n: HostNotification): void {
    if (n.method === 'bookmarks') this.setList(n.params.bookmarks);
    else if (n.method === 'snapshot' || n.method === 'cleared') void this.refresh();
  }

  /** `B` (no modifier, not typing in a field) bookmarks the selected event; true when handled. */
  onKey(ev: KeyboardEvent, selectedSeq: number | undefined): boolean {
    if (ev.key !== 'b' && ev.key !== 'B') return false;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || selectedSeq === undefined) return false;
    const origin = ev.composedPath()[0];
    if (origin instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(origin.tagName)) return false;
    if (origin instanceof HTMLElement && origin.isContentEditable) return false;
    ev.preventDefault();
    if (!this.bySeq().has(selectedSeq)) void this.add(selectedSeq);
    return true;
  }

  private async refresh(): Promise<void> {
    if (!this.bridge) return;
    try {
      this.setList((await this.bridge.request('listBookmarks', {})).bookmarks);
    } catch {
      // An older host or a timeout: the panel works without bookmarks marked.
    }
  }

  private readonly add = async (seq?: number): Promise<void> => {
    await this.run(async (bridge) => {
      const r = await bridge.request('addBookmark', seq === undefined ? {} : { seq });
      if (r.bookmark) {
        // The badge that replaces the button says it: no status line on success.
        this.setList([r.bookmark, ...this.list.filter((b) => b.id !== r.bookmark!.id)]);
        return '';
      }
      return r.message === 'No bookmark was added.' ? '' : (r.message ?? '');
    });
  };

  private readonly resume = async (id: string): Promise<void> => {
    await this.run(async (bridge) => {
      const r = await bridge.request('resumeFromBookmark', { id });
      return r.ok ? '' : (r.message ?? '');
    });
  };

  private readonly startAtTime = async (): Promise<void> => {
    await this.run(async (bridge) => {
      const r = await bridge.request('startAtTime', {});
      return r.ok || r.message === 'No time was chosen.' ? '' : (r.message ?? '');
    });
  };

  private async run(task: (bridge: HostBridge) => Promise<string>): Promise<void> {
    if (!this.bridge || this.busy) return;
    this.busy = true;
    this.status = '';
    this.publish();
    try {
      this.status = await task(this.bridge);
    } catch (err) {
      this.status = err instanceof Error ? err.message : 'The request failed. Try again.';
    } finally {
      this.busy = false;
      this.publish();
    }
  }

  private setList(list: readonly BookmarkView[]): void {
    this.list = Object.freeze([...list]);
    this.publish();
  }

  private bySeq(): Map<number, BookmarkView> {
    const m = new Map<number, BookmarkView>();
    for (const b of this.list) if (b.seq !== undefined) m.set(b.seq, b);
    return m;
  }

  private publish(): void {
    this.provider.setValue(
      Object.freeze({
        list: this.list,
        bySeq: this.bySeq(),
        status: this.status,
        busy: this.busy,
        add: this.add,
        resume: this.resume,
        startAtTime: this.startAtTime,
      }),
    );
  }
}
