// The doctor's report as a read-only virtual Markdown document (scheme `csi-doctor`), one per
// connection, shown straight in the Markdown preview. A virtual document is never dirty, so closing
// the report asks nothing (an untitled one left a "Save?" tab behind); a re-run (or a fix) changes
// the provider's text and the open preview follows the change event.
import * as vscode from 'vscode';

export const DOCTOR_SCHEME = 'csi-doctor';

export class DoctorReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  /** connection id → the report's path, so a re-run refreshes the same document. */
  private readonly paths = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private registration: vscode.Disposable | undefined;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.path) ?? '# Change-Stream Doctor\n\nRun **Change Streams: Run Change-Stream Doctor** again.'
    );
  }

  /** Sets the connection's report text; returns its URI (the same one for every run on that connection). */
  update(connectionId: string, connectionName: string, text: string): vscode.Uri {
    this.registration ??= vscode.workspace.registerTextDocumentContentProvider(DOCTOR_SCHEME, this);
    let path = this.paths.get(connectionId);
    if (!path) {
      // The tab says "Preview Doctor - <name>.md"; the number keeps two connections of one name apart.
      const name = connectionName.replace(/[^\w .()-]+/g, '-').slice(0, 80) || 'connection';
      path = `/${this.paths.size + 1}/Doctor - ${name}.md`;
      this.paths.set(connectionId, path);
    }
    const uri = vscode.Uri.from({ scheme: DOCTOR_SCHEME, path });
    const had = this.texts.has(path);
    this.texts.set(path, text);
    if (had) this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.registration?.dispose();
    this.registration = undefined;
    this.changed.dispose();
    this.texts.clear();
    this.paths.clear();
  }
}
