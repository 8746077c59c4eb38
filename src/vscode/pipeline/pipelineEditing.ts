// The VS Code side of pipeline editing: "Edit in Editor" (an untitled JavaScript document per watch,
// with an "Apply to watch" code lens and live diagnostics, kept in sync with the panel's editor),
// history and saved pipelines in quick picks, and "Copy Watch as Code".
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { Watch } from '../../core/watch/watch';
import type { CodeLanguage } from '../../core/pipeline';
import { Commands, ContextKeys } from '../commandIds';
import { DisposableOwner, toDisposable } from '../lifecycle';
import { applyPipelineText, currentPipelineText, pipelineChunk, type PipelineGlue } from '../panel/handlers/pipeline';
import type { InspectorPanels } from '../panel/inspectorPanels';
import type { WatchList } from '../watches/watchList';
import { PipelineLibrary } from './pipelineLibrary';

const LANGUAGES: { language: CodeLanguage; label: string; detail: string; editorLanguage: string }[] = [
  {
    language: 'node',
    label: 'Node.js',
    detail: 'official driver, for await, token saved after each event',
    editorLanguage: 'javascript',
  },
  {
    language: 'python',
    label: 'Python (PyMongo)',
    detail: 'with block, token saved after each event',
    editorLanguage: 'python',
  },
  {
    language: 'motor',
    label: 'Python (Motor, asyncio)',
    detail: 'async for, token saved after each event',
    editorLanguage: 'python',
  },
  { language: 'mongosh', label: 'mongosh', detail: 'a script for mongosh --file', editorLanguage: 'javascript' },
];

const DIAGNOSTIC_DELAY_MS = 250;

export class PipelineEditing extends DisposableOwner implements PipelineGlue {
  readonly library: PipelineLibrary;
  /** Open pipeline documents: uri → watch id. */
  private readonly documents = new Map<string, string>();
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly lensChanged = new vscode.EventEmitter<void>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Set while the glue writes into a document, so that change is not echoed back to the panel. */
  private writing: string | undefined;

  constructor(
    workspaceState: vscode.Memento,
    private readonly watches: WatchList,
    private readonly panels: () => InspectorPanels,
    private readonly logger: Logger,
  ) {
    super();
    this.library = new PipelineLibrary(workspaceState);
    this.diagnostics = this._register(vscode.languages.createDiagnosticCollection('csi-pipeline'));
    this._register(this.lensChanged);
    this._register(
      vscode.languages.registerCodeLensProvider(
        { language: 'javascript', scheme: 'untitled' },
        { provideCodeLenses: (doc) => this.lenses(doc), onDidChangeCodeLenses: this.lensChanged.event },
      ),
    );
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e.document)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        if (!this.documents.delete(key)) return;
        this.diagnostics.delete(doc.uri);
        this.lensChanged.fire();
      }),
    );
    this._register(toDisposable(() => this.timers.forEach((t) => clearTimeout(t))));
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => this.setActiveContext(e)));
  }

  /** Ctrl/Cmd+Enter applies in a pipeline document only (package.json keybinding's when clause). */
  private setActiveContext(editor: vscode.TextEditor | undefined): void {
    const on = editor !== undefined && this.documents.has(editor.document.uri.toString());
    void vscode.commands.executeCommand('setContext', ContextKeys.pipelineDocument, on);
  }

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.editPipeline, async (arg?: unknown) => {
        const watch = await this.pickWatch(arg);
        if (watch) await this.openInEditor(watch, currentPipelineText(watch));
      }),
      vscode.commands.registerCommand(Commands.applyPipelineDocument, (arg?: unknown) => this.applyDocument(arg)),
      vscode.commands.registerCommand(Commands.pickPipeline, async (arg?: unknown) => {
        const watch = await this.pickWatch(arg);
        if (watch) await this.pickAndApply(watch);
      }),
      vscode.commands.registerCommand(Commands.savePipeline, async (arg?: unknown) => {
        const watch = await this.pickWatch(arg);
        const text = (arg as { text?: unknown } | undefined)?.text;
        if (watch) await this.saveCurrent(watch, typeof text === 'string' ? text : undefined);
      }),
      vscode.commands.registerCommand(Commands.deleteSavedPipeline, () => this.deleteSaved()),
      vscode.commands.registerCommand(Commands.copyWatchAsCode, async (arg?: unknown) => {
        const watch = await this.pickWatch(arg);
        const language = (arg as { language?: unknown } | undefined)?.language;
        return watch ? this.copyAsCode(watch, typeof language === 'string' ? language : undefined) : { copied: false };
      }),
    ];
  }

  // ------------------------------------------------------------------ PipelineGlue

  applied(watch: Watch, text: string): void {
    this.panels().notifyWatch(watch, { kind: 'notify', method: 'pipelineText', params: { text, applied: true } });
    void this.writeDocument(watch, text);
  }

  draftChanged(watch: Watch, text: string): void {
    void this.writeDocument(watch, text);
  }

  async openInEditor(watch: Watch, text: string): Promise<boolean> {
    const existing = this.documentOf(watch);
    if (existing) {
      await this.writeDocument(watch, text);
      await vscode.window.showTextDocument(existing, { preview: false });
      return true;
    }
    const content = `// Change-stream pipeline for ${watch.title}. "Apply to watch" above (or ${applyKey()}) reopens the\n// watch from its last event with it. Shell syntax: unquoted keys, ObjectId(...), ISODate(...), comments.\n${text || '[\n  { $match: {} }\n]'}\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content });
    this.documents.set(doc.uri.toString(), watch.id);
    this.lensChanged.fire();
    this.updateDiagnostics(doc);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    this.setActiveContext(editor);
    return true;
  }

  async copyAsCode(
    watch: Watch,
    language?: string,
  ): Promise<{ copied: boolean; language?: string; message?: string; code?: string }> {
    const choice = language
      ? LANGUAGES.find((l) => l.language === language)
      : await vscode.window.showQuickPick(
          LANGUAGES.map((l) => ({ ...l, description: l.detail, detail: undefined })),
          { title: `Copy Watch as Code: ${watch.title}`, placeHolder: 'Which language?' },
        );
    if (!choice) return { copied: false };
    const { codeSpecOf, watchCode } = pipelineChunk();
    const token = watch.lastToken;
    let code: string;
    try {
      code = watchCode(
        codeSpecOf(watch.target, watch.options, token === undefined ? undefined : { kind: 'resumeAfter', token }),
        choice.language,
      );
    } catch (err) {
      const e = err as { message?: string; action?: string };
      const message =
        `Could not write the watch as ${choice.label}: ${e.message ?? String(err)} ${e.action ?? ''}`.trim();
      void vscode.window.showErrorMessage(message);
      return { copied: false, language: choice.language, message };
    }
    // Not awaited before answering: the browser's clipboard (code-server) may wait for the window's focus.
    void vscode.env.clipboard.writeText(code).then(() =>
      vscode.window
        .showInformationMessage(
          `Copied the watch on ${watch.title} as ${choice.label}. It reads the connection string from MONGODB_URI (no password in the code).`,
          'Open in Editor',
        )
        .then(async (pick) => {
          if (pick) {
            const doc = await vscode.workspace.openTextDocument({ language: choice.editorLanguage, content: code });
            await vscode.window.showTextDocument(doc, { preview: false });
          }
        }),
    );
    return { copied: true, language: choice.language, code };
  }

  // ------------------------------------------------------------------ the document

  private documentOf(watch: Watch): vscode.TextDocument | undefined {
    for (const [uri, id] of this.documents) {
      if (id !== watch.id) continue;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (doc && !doc.isClosed) return doc;
    }
    return undefined;
  }

  /** The pipeline part of a document: everything after the leading comment lines we wrote. */
  private static pipelinePart(doc: vscode.TextDocument): { text: string; offset: number } {
    const all = doc.getText();
    const m = /^(?:\/\/[^\n]*\n)*/.exec(all);
    const offset = m ? m[0].length : 0;
    return { text: all.slice(offset).replace(/\n$/, ''), offset };
  }

  private async writeDocument(watch: Watch, text: string): Promise<void> {
    const doc = this.documentOf(watch);
    if (!doc) return;
    const part = PipelineEditing.pipelinePart(doc);
    if (part.text === text) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      doc.uri,
      new vscode.Range(doc.positionAt(part.offset), doc.positionAt(doc.getText().length)),
      `${text}\n`,
    );
    this.writing = doc.uri.toString();
    try {
      await vscode.workspace.applyEdit(edit);
    } finally {
      this.writing = undefined;
    }
  }

  private onDocumentChanged(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const watchId = this.documents.get(key);
    if (watchId === undefined) return;
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.updateDiagnostics(doc);
      }, DIAGNOSTIC_DELAY_MS),
    );
    if (this.writing === key) return;
    const watch = this.watches.get(watchId);
    if (watch) {
      const { text } = PipelineEditing.pipelinePart(doc);
      this.panels().notifyWatch(watch, { kind: 'notify', method: 'pipelineText', params: { text } });
    }
  }

  private updateDiagnostics(doc: vscode.TextDocument): void {
    if (doc.isClosed || !this.documents.has(doc.uri.toString())) return;
    const { text, offset } = PipelineEditing.pipelinePart(doc);
    const checked = pipelineChunk().checkResult(text);
    this.diagnostics.set(
      doc.uri,
      checked.diagnostics.map((d) => {
        const range = new vscode.Range(
          doc.positionAt(offset + d.from),
          doc.positionAt(offset + Math.max(d.to, d.from + 1)),
        );
        const diag = new vscode.Diagnostic(
          range,
          `${d.message} ${d.action}`,
          d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diag.code = d.code;
        diag.source = 'Change Stream Inspector';
        return diag;
      }),
    );
  }

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const watchId = this.documents.get(doc.uri.toString());
    const watch = watchId === undefined ? undefined : this.watches.get(watchId);
    if (!watch) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: `$(play) Apply to watch ${watch.title}`,
        command: Commands.applyPipelineDocument,
        arguments: [doc.uri],
        tooltip: 'Reopen the watch from its last event with this pipeline',
      }),
      new vscode.CodeLens(top, {
        title: 'Save as…',
        command: Commands.savePipeline,
        arguments: [{ watchId: watch.id, text: PipelineEditing.pipelinePart(doc).text }],
      }),
    ];
  }

  private async applyDocument(arg: unknown): Promise<boolean> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const watchId = doc && this.documents.get(doc.uri.toString());
    const watch = watchId === undefined ? undefined : this.watches.get(watchId);
    if (!doc || !watch) {
      void vscode.window.showWarningMessage(
        'This editor holds no watch pipeline. Open one with "Edit Pipeline in Editor" from an inspector panel.',
      );
      return false;
    }
    const { text } = PipelineEditing.pipelinePart(doc);
    const result = await applyPipelineText(watch, text, this);
    if (result.applied) {
      vscode.window.setStatusBarMessage(`Pipeline applied to ${watch.title}`, 3000);
      return true;
    }
    if ('error' in result) {
      const code = result.error.serverCode !== undefined ? ` (server code ${result.error.serverCode})` : '';
      void vscode.window.showErrorMessage(`${result.error.message}${code} ${result.error.action}`);
    } else {
      const first = result.diagnostics[0];
      if (first) {
        const line = first.line + doc.positionAt(PipelineEditing.pipelinePart(doc).offset).line;
        void vscode.window.showErrorMessage(`Line ${line}, column ${first.column}: ${first.message} ${first.action}`);
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ quick picks

  private async pickAndApply(watch: Watch): Promise<void> {
    type Item = vscode.QuickPickItem & { text?: string };
    const history = this.library.history(watch.target);
    const saved = this.library.saved();
    const items: Item[] = [
      { label: 'Saved pipelines', kind: vscode.QuickPickItemKind.Separator },
      ...saved.map((s) => ({ label: s.name, description: oneLine(s.text), text: s.text })),
      { label: `Applied on ${watch.title}`, kind: vscode.QuickPickItemKind.Separator },
      ...history.map((h) => ({ label: oneLine(h.text) || '(no pipeline)', description: h.at, text: h.text })),
    ];
    if (!saved.length && !history.length) {
      void vscode.window.showInformationMessage(
        'No saved or applied pipelines yet. Apply one in the inspector panel\'s Pipeline editor, or save it with "Save Pipeline".',
      );
      return;
    }
    const pick = await vscode.window.showQuickPick(items, {
      title: `Apply a pipeline to ${watch.title}`,
      placeHolder: 'Pick a saved or recent pipeline',
      matchOnDescription: true,
    });
    if (pick?.text === undefined) return;
    const result = await applyPipelineText(watch, pick.text, this);
    if (!result.applied) {
      const message = 'error' in result ? result.error.message : (result.diagnostics[0]?.message ?? 'It was refused.');
      void vscode.window.showErrorMessage(`The pipeline was not applied: ${message}`);
    }
  }

  private async saveCurrent(watch: Watch, text?: string): Promise<void> {
    const body = text ?? currentPipelineText(watch);
    const name = await vscode.window.showInputBox({
      title: 'Save Pipeline',
      prompt: 'A name for this pipeline (the same name replaces the saved one)',
      validateInput: (v) =>
        v.trim() ? (v.trim().length > 100 ? 'At most 100 characters' : undefined) : 'Enter a name',
    });
    if (!name) return;
    try {
      await this.library.save(name, body);
      vscode.window.setStatusBarMessage(`Saved pipeline "${name.trim()}"`, 3000);
    } catch (err) {
      void vscode.window.showErrorMessage(String((err as Error).message ?? err));
    }
  }

  private async deleteSaved(): Promise<void> {
    const saved = this.library.saved();
    if (!saved.length) {
      void vscode.window.showInformationMessage('No saved pipelines to delete.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      saved.map((s) => ({ label: s.name, description: oneLine(s.text) })),
      { title: 'Delete Saved Pipeline', placeHolder: 'Which saved pipeline?' },
    );
    if (pick) await this.library.delete(pick.label);
  }

  /** The watch a command acts on: given by id (panel, code lens), the active panel's, the only one, or a pick. */
  private async pickWatch(arg: unknown): Promise<Watch | undefined> {
    if (typeof arg === 'object' && arg !== null && typeof (arg as { watchId?: unknown }).watchId === 'string') {
      return this.watches.get((arg as { watchId: string }).watchId);
    }
    const active = this.panels().activeWatch();
    if (active) return active;
    const all = this.watches.all();
    if (all.length <= 1) {
      if (!all.length)
        void vscode.window.showInformationMessage('Start a watch first (Watch Collection from the Connections view).');
      return all[0];
    }
    const pick = await vscode.window.showQuickPick(
      all.map((w) => ({ label: w.title, description: w.target.connectionName, watch: w })),
      { placeHolder: 'Which watch?' },
    );
    return pick?.watch;
  }
}

function oneLine(text: string): string {
  const s = text
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

function applyKey(): string {
  return process.platform === 'darwin' ? 'Cmd+Enter' : 'Ctrl+Enter';
}
