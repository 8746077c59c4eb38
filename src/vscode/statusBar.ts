// The status bar item: how many watches are live and their combined event rate; a click focuses
// the most recently used inspector panel. Hidden while nothing is watched.
import * as vscode from 'vscode';
import { Commands } from './commandIds';
import type { WatchList } from './watches/watchList';
import { DisposableOwner, toDisposable } from './lifecycle';

export const FOCUS_INSPECTOR_COMMAND = Commands.focusInspector;
const TICK_MS = 1000;

export class WatchStatusBar extends DisposableOwner {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('csi.watches', vscode.StatusBarAlignment.Left, 50),
  );
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly watches: WatchList) {
    super();
    this.item.name = 'Change Stream Watches';
    this.item.command = FOCUS_INSPECTOR_COMMAND;
    this._register(watches.onDidChange(() => this.update()));
    this._register(toDisposable(() => this.timer && clearInterval(this.timer)));
    this.update();
  }

  update(): void {
    const live = this.watches.live();
    if (live.length === 0) {
      this.item.hide();
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    // The rate moves while events flow, so refresh on a tick only while something is watched.
    this.timer ??= setInterval(() => this.update(), TICK_MS);
    const rate = live.reduce((sum, w) => sum + w.rate(), 0);
    const paused = live.filter((w) => w.status.state === 'paused').length;
    const failing = live.filter((w) => w.status.state === 'reconnecting').length;
    const icon = failing ? '$(sync~spin)' : paused === live.length ? '$(debug-pause)' : '$(eye)';
    this.item.text = `${icon} ${live.length} · ${formatRate(rate)}/s`;
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**Change streams**: ${live.length} live watch${live.length === 1 ? '' : 'es'}, ${formatRate(rate)} events/s`,
        '',
        ...live.map((w) => `- ${w.title}: ${w.status.state}, ${w.log.total} events`),
        '',
        'Click to show the latest inspector.',
      ].join('\n'),
    );
    this.item.show();
  }
}

function formatRate(rate: number): string {
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}
