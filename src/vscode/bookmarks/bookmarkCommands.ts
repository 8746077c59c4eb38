// The bookmark commands: bookmark an event or the current position, resume from a bookmark (the tree's
// node, or a quick pick), start at a time, follow mode, rename / note / copy / delete, export / import.
// Commands given an argument (a tree node, `{ watchId }`, `{ id }`, `{ uri }`) ask nothing they are told.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { Watch } from '../../core/watch/watch';
import type { Bookmark, ResumeMode, TimeChoice } from '../../core/bookmarks';
import type { BookmarkActionResult } from '../../shared/protocol';
import { Commands } from '../commandIds';
import type { Notices } from '../notices';
import type { WatchList } from '../watches/watchList';
import { asWatchableNode, nodeTarget } from '../tree/nodes';
import { bookmarksRoom, localTime, type BookmarkService } from './bookmarkService';
import type { BookmarkTree } from './bookmarkTree';
import type { FollowMode } from './followMode';
import type { TimeTravel, TimeTravelUi } from './timeTravel';

export interface CommandPanels {
  activeWatch(): Watch | undefined;
}

export class BookmarkCommands {
  constructor(
    private readonly service: BookmarkService,
    private readonly travel: TimeTravel,
    private readonly follow: FollowMode,
    private readonly tree: BookmarkTree,
    private readonly watches: WatchList,
    private readonly panels: CommandPanels,
    private readonly notices: Notices,
    private readonly logger: Logger,
  ) {}

  register(): vscode.Disposable[] {
    const reg = (id: string, fn: (arg?: unknown, more?: unknown) => unknown) => vscode.commands.registerCommand(id, fn);
    return [
      reg(Commands.bookmarkCurrentPosition, (arg) => this.bookmarkPosition(arg)),
      reg(Commands.bookmarkEvent, (arg) => this.bookmarkEvent(arg)),
      reg(Commands.resumeFromBookmark, (arg, more) => this.resume(arg, modeOf(more) ?? modeOf(arg))),
      reg(Commands.resumeFromBookmarkWith, (arg) => this.resumeWith(arg)),
      reg(Commands.startAtTime, (arg, more) => this.startAtTime(arg, more)),
      reg(Commands.followWatch, (arg) => this.toggleFollow(arg)),
      reg(Commands.renameBookmark, (arg, more) => this.rename(arg, more)),
      reg(Commands.editBookmarkNote, (arg, more) => this.editNote(arg, more)),
      reg(Commands.copyBookmarkToken, (arg) => this.copyToken(arg)),
      reg(Commands.deleteBookmark, (arg) => this.delete(arg)),
      reg(Commands.exportBookmarks, (arg) => this.export(arg)),
      reg(Commands.importBookmarks, (arg) => this.import(arg)),
      reg(Commands.checkBookmarkAges, () => this.tree.checkAges()),
    ];
  }

  private async bookmarkPosition(arg: unknown): Promise<string | undefined> {
    const watch = await this.pickWatch(arg, 'Bookmark the position of which watch?');
    if (!watch) return this.noWatch('Bookmark Current Position');
    const given =
      typeof (arg as { label?: unknown })?.label === 'string' ? (arg as { label: string }).label : undefined;
    const r = await this.service.addForPosition(watch, given);
    if (!r.bookmark) {
      if (r.message !== 'No bookmark was added.') void this.notices.warn(r.message);
      return undefined;
    }
    if (given === undefined) await this.askNote(r.bookmark);
    vscode.window.setStatusBarMessage(`$(bookmark) Bookmarked "${r.bookmark.label}"`, 3000);
    return r.bookmark.id;
  }

  private async bookmarkEvent(arg: unknown): Promise<string | undefined> {
    const a = (arg ?? {}) as { watchId?: unknown; seq?: unknown; label?: unknown; note?: unknown };
    const watch = typeof a.watchId === 'string' ? this.watches.get(a.watchId) : this.panels.activeWatch();
    if (!watch || typeof a.seq !== 'number') return undefined;
    const label = typeof a.label === 'string' ? a.label : undefined;
    const note = typeof a.note === 'string' ? a.note : undefined;
    const r = await this.service.addForEvent(watch, a.seq, label, note);
    if (!r.bookmark) void this.notices.warn(r.message);
    return r.bookmark?.id;
  }

  private async resume(arg: unknown, mode: ResumeMode | undefined): Promise<BookmarkActionResult | undefined> {
    const b = this.bookmarkOf(arg) ?? (await this.pickBookmark('Resume from which bookmark?'));
    if (!b) return undefined;
    return this.report(await this.travel.resume(b, mode ?? 'auto'));
  }

  private async resumeWith(arg: unknown): Promise<BookmarkActionResult | undefined> {
    const b = this.bookmarkOf(arg) ?? (await this.pickBookmark('Resume from which bookmark?'));
    if (!b) return undefined;
    const items: (vscode.QuickPickItem & { mode: ResumeMode })[] = [
      {
        label: 'Resume after it (resumeAfter)',
        description: b.fromInvalidate ? 'not possible: an invalidate token, startAfter is used' : 'the default',
        detail: 'The events after the bookmarked one, in order.',
        mode: 'resumeAfter',
      },
      {
        label: 'Start after it (startAfter)',
        description: b.fromInvalidate ? 'the way on after a drop or rename' : '',
        detail: 'Like resumeAfter, and also works after an invalidate event.',
        mode: 'startAfter',
      },
    ];
    if (b.clusterTime)
      items.push({
        label: 'Start at its time (startAtOperationTime)',
        description: b.wallTime ? localTime(new Date(b.wallTime)) : '',
        detail: 'Includes the bookmarked event itself and any other of the same moment.',
        mode: 'startAtOperationTime',
      });
    const pick = await vscode.window.showQuickPick(items, { title: `Resume from "${b.label}"` });
    return pick ? this.report(await this.travel.resume(b, pick.mode)) : undefined;
  }

  private async startAtTime(arg: unknown, more: unknown): Promise<BookmarkActionResult | undefined> {
    const watch = await this.pickWatch(arg, 'Start which watch at a time?');
    if (!watch) return this.noWatch('Start Watch at Time');
    return this.report(await this.travel.startAtTime(watch, timeChoiceOf(more)));
  }

  private async toggleFollow(arg: unknown): Promise<boolean | undefined> {
    const watch = await this.pickWatch(arg, 'Follow which watch?', false);
    if (!watch) return this.noWatch('Follow');
    const r = await this.follow.toggle(watch);
    void this.notices.info(r.message);
    return r.following;
  }

  private async rename(arg: unknown, more: unknown): Promise<void> {
    const b = this.bookmarkOf(arg) ?? (await this.pickBookmark('Rename which bookmark?'));
    if (!b) return;
    const label =
      typeof more === 'string'
        ? more
        : await vscode.window.showInputBox({
            title: 'Rename Bookmark',
            value: b.label,
            validateInput: (v) => (v.trim() ? undefined : 'A bookmark needs a label.'),
          });
    if (label !== undefined) await this.service.store.rename(b.id, label);
  }

  private async editNote(arg: unknown, more: unknown): Promise<void> {
    const b = this.bookmarkOf(arg) ?? (await this.pickBookmark('Edit the note of which bookmark?'));
    if (!b) return;
    const note =
      typeof more === 'string'
        ? more
        : await vscode.window.showInputBox({
            title: `Note of "${b.label}"`,
            value: b.note ?? '',
            prompt: 'Why this position matters (empty removes the note)',
          });
    if (note !== undefined) await this.service.store.editNote(b.id, note);
  }

  private async copyToken(arg: unknown): Promise<string | undefined> {
    const b = this.bookmarkOf(arg) ?? (await this.pickBookmark('Copy the token of which bookmark?'));
    if (!b) return undefined;
    const text = JSON.stringify(b.token);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('Copied the resume token', 2000);
    return text;
  }

  private async delete(arg: unknown): Promise<boolean> {
    const b = this.bookmarkOf(arg) ?? (await this.pickBookmark('Delete which bookmark?'));
    if (!b) return false;
    const deleted = await this.service.store.delete(b.id);
    if (deleted)
      void this.notices.info(`Deleted the bookmark "${b.label}".`, 'Undo').then(async (c) => {
        if (c === 'Undo' && !this.service.get(b.id)) await this.service.store.add(b);
      });
    return deleted;
  }

  private async export(arg: unknown): Promise<{ path: string; count: number } | undefined> {
    if (this.service.list().length === 0) {
      void this.notices.info('There are no bookmarks to export yet.');
      return undefined;
    }
    const uri =
      uriOf(arg) ??
      (await vscode.window.showSaveDialog({
        title: 'Export Bookmarks',
        saveLabel: 'Export',
        defaultUri: vscode.workspace.workspaceFolders?.[0]
          ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'change-stream-bookmarks.json')
          : undefined,
        filters: { 'Bookmarks (JSON)': ['json'] },
      }));
    if (!uri) return undefined;
    const { text, count } = this.service.exportText();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    this.logger.info(`Exported ${count} bookmark(s) to ${uri.fsPath}.`);
    void this.notices.info(`Exported ${count} bookmark${count === 1 ? '' : 's'} to ${uri.fsPath}.`);
    return { path: uri.fsPath, count };
  }

  private async import(arg: unknown): Promise<unknown> {
    const uri =
      uriOf(arg) ??
      (
        await vscode.window.showOpenDialog({
          title: 'Import Bookmarks',
          openLabel: 'Import',
          canSelectMany: false,
          filters: { 'Bookmarks (JSON)': ['json'] },
        })
      )?.[0];
    if (!uri) return undefined;
    let text: string;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > 5 * 1024 * 1024) {
        void this.notices.error('The file is larger than 5 MB, so it was not read. Choose a bookmarks file.');
        return { ok: false };
      }
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      void this.notices.error(`Could not read ${uri.fsPath}: ${(err as Error).message}`);
      return { ok: false };
    }
    const r = await this.service.importText(text);
    if (!r.ok) {
      void this.notices.error(`${r.error.message} ${r.error.action}`);
      return r;
    }
    const parts = [`Imported ${r.added} bookmark${r.added === 1 ? '' : 's'}`];
    if (r.skipped) parts.push(`${r.skipped} already here`);
    if (r.rebound) parts.push(`${r.rebound} matched to a local connection by name`);
    const summary = `${parts.join(', ')}.`;
    const problems = [
      ...r.rejected.map((x) => `#${x.index}: ${x.reason}`),
      ...r.warnings.map((x) => `#${x.index}: ${x.reason}`),
    ];
    for (const p of problems) this.logger.warn(`Import ${uri.fsPath}: entry ${p}`);
    if (r.rejected.length > 0) {
      const shown = r.rejected
        .slice(0, 3)
        .map((x) => `#${x.index} (${x.reason})`)
        .join('; ');
      const more = r.rejected.length > 3 ? ` and ${r.rejected.length - 3} more` : '';
      void this.notices
        .warn(
          `${summary} ${r.rejected.length} entr${r.rejected.length === 1 ? 'y was' : 'ies were'} skipped: ${shown}${more}.`,
          'Show Log',
        )
        .then((c) => c === 'Show Log' && vscode.commands.executeCommand(Commands.showLog));
    } else void this.notices.info(summary);
    return { ok: true, added: r.added, skipped: r.skipped, rejected: r.rejected, warnings: r.warnings };
  }

  // ---------------------------------------------------------------- helpers

  private report(r: BookmarkActionResult): BookmarkActionResult {
    if (!r.ok && r.message) void this.notices.warn(r.message);
    else if (r.message) vscode.window.setStatusBarMessage(r.message, 4000);
    return r;
  }

  private async askNote(b: Bookmark): Promise<void> {
    const note = await vscode.window.showInputBox({
      title: `Note for "${b.label}" (optional)`,
      prompt: 'Why this position matters. Press Enter to skip.',
    });
    if (note) await this.service.store.editNote(b.id, note);
  }

  private noWatch(what: string): undefined {
    void this.notices
      .info(`${what} needs a watch: open one first (Watch Collection…).`, 'Watch Collection…')
      .then((c) => c && vscode.commands.executeCommand(Commands.watchCollection));
    return undefined;
  }

  private bookmarkOf(arg: unknown): Bookmark | undefined {
    const a = arg as { kind?: unknown; id?: unknown; bookmarkId?: unknown } | undefined;
    const id = typeof a?.bookmarkId === 'string' ? a.bookmarkId : typeof a?.id === 'string' ? a.id : undefined;
    return id === undefined ? undefined : this.service.get(id);
  }

  private async pickBookmark(placeHolder: string): Promise<Bookmark | undefined> {
    const all = this.service.list().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (all.length === 0) {
      void this.notices.info(
        'No bookmarks yet: bookmark an event in an inspector panel (B), or run Bookmark Current Position.',
      );
      return undefined;
    }
    const room = bookmarksRoom();
    const items = await Promise.all(
      all.map(async (b) => {
        const stale = await this.service.knownStaleness(b);
        const when = b.wallTime ? localTime(new Date(b.wallTime)) : 'time unknown';
        return {
          label: `$(${stale?.status === 'expired' ? 'warning' : b.follow ? 'sync' : 'bookmark'}) ${b.label}`,
          description: `${stale?.status === 'expired' ? 'expired · ' : ''}${when} · ${room.namespaceOf(b.scope)} · ${this.service.connectionName(b.connectionId, b.connectionName)}`,
          detail: [b.operationType, b.documentKey, b.note].filter(Boolean).join(' · ') || undefined,
          bookmark: b,
        };
      }),
    );
    const pick = await vscode.window.showQuickPick(items, {
      placeHolder,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return pick?.bookmark;
  }

  private async pickWatch(arg: unknown, placeHolder: string, liveOnly = false): Promise<Watch | undefined> {
    const node = asWatchableNode(arg);
    if (node) return this.watches.find(nodeTarget(node));
    const id = (arg as { watchId?: unknown } | undefined)?.watchId;
    if (typeof id === 'string') return this.watches.get(id);
    const active = this.panels.activeWatch();
    if (active) return active;
    const candidates = liveOnly ? this.watches.live() : this.watches.all();
    if (candidates.length <= 1) return candidates[0];
    const pick = await vscode.window.showQuickPick(
      candidates.map((w) => ({ label: w.title, description: w.status.state, watch: w })),
      { placeHolder },
    );
    return pick?.watch;
  }
}

/** VS Code's dialogs for time travel. */
export function timeTravelUi(notices: Notices): TimeTravelUi {
  return {
    info: (text) => void notices.warn(text),
    offer: (text, actions) => Promise.resolve(notices.warn(text, ...actions)),
    askTime: async (title) => {
      const room = bookmarksRoom();
      const choose = { label: '$(calendar) Choose a date and time…', choice: undefined as TimeChoice | undefined };
      const items = [
        ...room.TIME_PRESETS.map((p) => ({
          label: `$(history) ${p.label}`,
          choice: p.choice as TimeChoice | undefined,
        })),
        choose,
      ];
      const pick = await vscode.window.showQuickPick(items, {
        title,
        placeHolder: 'Where the change stream starts (startAtOperationTime)',
      });
      if (!pick) return undefined;
      if (pick.choice) return pick.choice;
      const prefill = localTime(new Date(Date.now() - 10 * 60_000)).slice(0, 16);
      const text = await vscode.window.showInputBox({
        title,
        value: prefill,
        prompt: 'Local time as 2026-12-01 14:30[:05], or ISO 8601 with a zone (2026-12-01T14:30:00Z)',
        validateInput: (v) =>
          room.parseDateTime(v) ? undefined : 'Type a date and time such as 2026-12-01 14:30 or 2026-12-01T14:30:00Z.',
      });
      const date = text === undefined ? undefined : room.parseDateTime(text);
      return date ? { kind: 'date', date } : undefined;
    },
  };
}

function modeOf(arg: unknown): ResumeMode | undefined {
  const m = typeof arg === 'string' ? arg : (arg as { mode?: unknown } | undefined)?.mode;
  return m === 'auto' || m === 'resumeAfter' || m === 'startAfter' || m === 'startAtOperationTime' ? m : undefined;
}

/** `{ minutesAgo }`, `{ oldest: true }` or `{ at: ISO }` from a caller (tests, links); else the person is asked. */
function timeChoiceOf(arg: unknown): TimeChoice | undefined {
  const a = arg as { minutesAgo?: unknown; oldest?: unknown; at?: unknown } | undefined;
  if (a?.oldest === true) return { kind: 'oldest' };
  if (typeof a?.minutesAgo === 'number') return { kind: 'ago', ms: a.minutesAgo * 60_000 };
  if (typeof a?.at === 'string') {
    const date = bookmarksRoom().parseDateTime(a.at) ?? new Date(Number.NaN);
    return { kind: 'date', date };
  }
  return undefined;
}

function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const a = arg as { uri?: unknown; path?: unknown } | undefined;
  if (a?.uri instanceof vscode.Uri) return a.uri;
  if (typeof a?.path === 'string') return vscode.Uri.file(a.path);
  return undefined;
}
