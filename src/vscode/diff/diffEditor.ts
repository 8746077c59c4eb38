// VS Code's own diff editor on two read-only virtual documents (scheme `csi-diff`): the provider
// serves texts kept in memory, registered on the first diff so activation does not pay for it.
import * as vscode from 'vscode';

export const DIFF_SCHEME = 'csi-diff';

const texts = new Map<string, string>();
let registration: vscode.Disposable | undefined;
let counter = 0;

function ensureProvider(): void {
  registration ??= vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, {
    provideTextDocumentContent: (uri) => texts.get(uri.path) ?? '',
  });
}

/** A read-only virtual document holding `text`, named so the editor tab says what it is. */
export function virtualDocument(name: string, text: string): vscode.Uri {
  ensureProvider();
  // A fresh path per opening: the provider's content for a path never changes under an open editor.
  const path = `/${++counter}/${name.replace(/[^\w.#-]+/g, '-')}.json`;
  texts.set(path, text);
  return vscode.Uri.from({ scheme: DIFF_SCHEME, path });
}

export async function openDiff(
  left: { name: string; text: string },
  right: { name: string; text: string },
  title: string,
) {
  const a = virtualDocument(left.name, left.text);
  const b = virtualDocument(right.name, right.text);
  await vscode.commands.executeCommand('vscode.diff', a, b, title, { preview: false });
}

/** Forgets every text and the provider (deactivation). */
export function disposeDiffEditor(): void {
  registration?.dispose();
  registration = undefined;
  texts.clear();
}
