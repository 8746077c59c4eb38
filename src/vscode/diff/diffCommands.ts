// Palette commands on the event selected in the active inspector panel: Compare Before/After (VS Code's
// diff editor), Compare with Previous Event of This Document, Select for Compare, Compare with Selected.
// They do what the diff section's buttons do, through the same handler functions.
import * as vscode from 'vscode';
import type { Watch } from '../../core/watch/watch';
import { Commands } from '../commandIds';
import { openInEditor, selectForCompare, selectedSeqOf } from '../panel/handlers/diff';

type Against = 'images' | 'previous' | 'selected';

export class DiffCommands {
  constructor(private readonly activeWatch: () => Watch | undefined) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.diffCompareImages, () => this.open('images')),
      vscode.commands.registerCommand(Commands.diffComparePrevious, () => this.open('previous')),
      vscode.commands.registerCommand(Commands.diffCompareSelected, () => this.open('selected')),
      vscode.commands.registerCommand(Commands.diffSelectForCompare, () => this.select()),
    ];
  }

  /** The active panel's watch and its selected event, or a message saying what to do. */
  private selection(): { watch: Watch; seq: number } | undefined {
    const watch = this.activeWatch();
    if (!watch) {
      void vscode.window.showInformationMessage(
        'Open an inspector panel (Watch Collection…) and select an event first.',
      );
      return undefined;
    }
    const seq = selectedSeqOf(watch.id);
    if (seq === undefined) {
      void vscode.window.showInformationMessage(`Select an event in the list of ${watch.title} first.`);
      return undefined;
    }
    return { watch, seq };
  }

  /** Returns whether an editor opened (tests read it). */
  async open(against: Against): Promise<boolean> {
    const s = this.selection();
    if (!s) return false;
    const r = await openInEditor(s.watch, s.seq, against);
    if (!r.opened && r.message) void vscode.window.showInformationMessage(r.message);
    return r.opened;
  }

  private select(): void {
    const s = this.selection();
    if (!s) return;
    const seq = selectForCompare(s.watch, s.seq);
    vscode.window.setStatusBarMessage(
      seq ? `Event #${seq} selected for compare` : `Event #${s.seq} is no longer in the buffer`,
      3000,
    );
  }
}
