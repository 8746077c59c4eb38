// The field masking in force: compiled from the settings, recompiled when they change (no reload),
// applied by every watch session and every imported recording before an event is logged. A pattern
// that cannot be used is said once, in the log and a warning, and the others still apply.
import * as vscode from 'vscode';
import type { Document } from 'bson';
import { compileMasking, type FieldMasking } from '../../core/recording/masking';
import type { Logger } from '../../core/logger';
import { DisposableOwner } from '../lifecycle';
import { affectsMasking, readMaskingSettings } from '../settings';

export class FieldMaskingSettings extends DisposableOwner {
  private compiled: FieldMasking;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly logger: Logger) {
    super();
    this.compiled = this.compile(false);
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsMasking(e)) return;
        this.compiled = this.compile(true);
        this.changed.fire();
      }),
    );
  }

  /** The patterns in force (empty: masking is off). */
  get fields(): readonly string[] {
    return this.compiled.fields;
  }

  /** Masks one change event with the patterns in force now. */
  readonly mask = (change: Document): Document => this.compiled.mask(change);

  private compile(announce: boolean): FieldMasking {
    const s = readMaskingSettings();
    const compiled = compileMasking(s.fields, { markChanges: s.markChanges });
    for (const p of compiled.problems) this.logger.warn(p);
    if (compiled.problems.length > 0) {
      void vscode.window.showWarningMessage(
        `${compiled.problems[0]} Fix changeStreamInspector.masking.fields in your settings; the other patterns still apply.`,
      );
    }
    if (announce) {
      this.logger.info(
        compiled.fields.length > 0
          ? `Field masking now applies to events read from here on: ${compiled.fields.join(', ')}.`
          : 'Field masking is off for events read from here on.',
      );
    }
    return compiled;
  }
}
