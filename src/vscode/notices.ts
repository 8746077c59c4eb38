// Messages shown to the person (toasts): scrubbed of known secrets and recorded for the tests.
import * as vscode from 'vscode';
import type { KnownSecrets } from './outputLog';
import type { Probe } from './probe';

export class Notices {
  constructor(
    private readonly known: KnownSecrets,
    private readonly probe: Probe | undefined,
  ) {}

  error<T extends string>(text: string, ...actions: T[]): Thenable<T | undefined> {
    return vscode.window.showErrorMessage(this.clean(text), ...actions);
  }

  warn<T extends string>(text: string, ...actions: T[]): Thenable<T | undefined> {
    return vscode.window.showWarningMessage(this.clean(text), ...actions);
  }

  info<T extends string>(text: string, ...actions: T[]): Thenable<T | undefined> {
    return vscode.window.showInformationMessage(this.clean(text), ...actions);
  }

  private clean(text: string): string {
    const line = this.known.redact(text);
    this.probe?.record('message', line);
    return line;
  }
}
