// <csi-pipeline-editor>: the server-side filter of the watch. A CodeMirror editor (shell syntax) whose
// text the host checks as it is typed (diagnostics at their place), Apply (button or Ctrl/Cmd+Enter)
// reopens the watch from its last event with it; presets, history and saved pipelines; Edit in Editor
// and Copy as Code. Loaded lazily (its own chunk, with CodeMirror) the first time the person opens it.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { ContextConsumer } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type {
  ErrorPayload,
  PipelineAssist,
  PipelineDiagnosticView,
  PipelineLibrary,
  PipelineTextNotice,
} from '../../src/shared/protocol';
import { bridgeContext, watchInfoContext } from '../shared/contexts';
import { inspectorEvent } from '../shared/events';
import { RequestError } from '../shared/host-bridge';
import { baseStyles } from '../shared/theme';
import { editorExtensions, toDiagnostics } from './codemirror-setup';
import { pipelineStyles } from './pipeline-editor.styles';

type Outcome =
  | { kind: 'applied'; stages: number; warnings: number }
  | { kind: 'invalid'; first: PipelineDiagnosticView }
  | { kind: 'refused'; error: ErrorPayload }
  | { kind: 'failed'; message: string }
  | { kind: 'info'; message: string };

const normalize = (t: string): string => t.replace(/\r\n/g, '\n').trim();

export class PipelineEditor extends LitElement {
  static override properties = {
    draft: { attribute: false },
    library: { state: true },
    outcome: { state: true },
    pending: { state: true },
    saveName: { state: true },
    saving: { state: true },
  };
  /** The text to start with (the view state's draft); undefined: the running pipeline's text. */
  declare draft: string | undefined;
  declare library: PipelineLibrary | undefined;
  declare outcome: Outcome | undefined;
  declare pending: boolean;
  declare saveName: string;
  declare saving: boolean;

  private readonly bridge = new ContextConsumer(this, { context: bridgeContext, subscribe: true });
  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });
  private view: EditorView | undefined;
  private assist: PipelineAssist | undefined;
  private loaded = false;

  constructor() {
    super();
    this.draft = undefined;
    this.library = undefined;
    this.outcome = undefined;
    this.pending = false;
    this.saveName = '';
    this.saving = false;
  }

  /** The editor's text (tests and the app read it). */
  get text(): string {
    return this.view?.state.doc.toString() ?? this.draft ?? '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.destroy();
    this.view = undefined;
  }

  protected override firstUpdated(): void {
    const parent = this.renderRoot.querySelector<HTMLElement>('.editor');
    if (!parent) return;
    this.view = new EditorView({
      parent,
      root: this.renderRoot as ShadowRoot,
      state: EditorState.create({
        doc: this.draft ?? '',
        extensions: editorExtensions({
          validate: (text) => this.validate(text),
          assist: () => this.assist,
          apply: () => void this.apply(),
          changed: (text) => this.dispatchEvent(inspectorEvent('pipeline-draft-change', text, true)),
        }),
      }),
    });
    void this.load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('draft') && this.draft !== undefined && this.view && this.draft !== this.text)
      this.setText(this.draft);
  }

  /** The host says the text changed elsewhere (the VS Code document) or was applied there. */
  hostText(notice: PipelineTextNotice): void {
    if (notice.text !== this.text) this.setText(notice.text);
    if (notice.applied) {
      this.outcome = { kind: 'info', message: 'Applied from the editor document.' };
      void this.refreshLibrary();
    }
  }

  private setText(text: string): void {
    const view = this.view;
    if (!view) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  }

  private async load(): Promise<void> {
    const bridge = this.bridge.value;
    if (!bridge || this.loaded) return;
    this.loaded = true;
    const [library, assist] = await Promise.all([
      bridge.request('getPipelineLibrary', {}).catch(() => undefined),
      bridge.request('getPipelineAssist', {}).catch(() => undefined),
    ]);
    this.assist = assist;
    this.library = library;
    // No saved draft: start from what the watch runs now.
    if (this.draft === undefined && library && this.text === '') this.setText(library.current);
  }

  private async refreshLibrary(): Promise<void> {
    const bridge = this.bridge.value;
    if (bridge) this.library = await bridge.request('getPipelineLibrary', {}).catch(() => this.library);
  }

  /** Completion fields follow the events: asked again each time the editor gets focus. */
  private async refreshAssist(): Promise<void> {
    const bridge = this.bridge.value;
    if (bridge) this.assist = await bridge.request('getPipelineAssist', {}).catch(() => this.assist);
  }

  private async validate(text: string): Promise<PipelineDiagnosticView[]> {
    const bridge = this.bridge.value;
    if (!bridge) return [];
    try {
      return (await bridge.request('validatePipeline', { text })).diagnostics;
    } catch {
      return [];
    }
  }

  async apply(): Promise<void> {
    const bridge = this.bridge.value;
    const view = this.view;
    if (!bridge || !view || this.pending) return;
    const text = view.state.doc.toString();
    this.pending = true;
    try {
      const r = await bridge.request('applyPipeline', { text });
      if (r.applied) {
        const stages = r.options.pipeline?.length ?? 0;
        this.outcome = { kind: 'applied', stages, warnings: r.warnings.length };
        view.dispatch(setDiagnostics(view.state, toDiagnostics(r.warnings, view.state.doc.length)));
        void this.refreshLibrary();
      } else if ('error' in r && r.error) {
        this.outcome = { kind: 'refused', error: r.error };
      } else {
        const first = r.diagnostics.find((d) => d.severity === 'error') ?? r.diagnostics[0];
        if (first) this.outcome = { kind: 'invalid', first };
        view.dispatch(setDiagnostics(view.state, toDiagnostics(r.diagnostics, view.state.doc.length)));
      }
    } catch (err) {
      this.outcome = {
        kind: 'failed',
        message: err instanceof RequestError ? err.message : 'The pipeline could not be applied. Try again.',
      };
    } finally {
      this.pending = false;
    }
  }

  private pick(ev: Event, from: 'preset' | 'history' | 'saved'): void {
    const select = ev.target as HTMLSelectElement;
    const i = Number(select.value);
    select.value = '';
    if (!Number.isInteger(i) || i < 0) return;
    const text =
      from === 'preset'
        ? this.assist?.presets[i]?.text
        : from === 'history'
          ? this.library?.history[i]?.text
          : this.library?.saved[i]?.text;
    if (text === undefined) return;
    this.setText(text);
    const preset = from === 'preset' ? this.assist?.presets[i] : undefined;
    const needs = preset?.needsFullDocument;
    this.outcome =
      needs && this.info.value?.options.fullDocument !== needs
        ? { kind: 'info', message: `This filter needs fullDocument: ${needs} for updates (set it in Options).` }
        : undefined;
    this.view?.focus();
  }

  private async save(): Promise<void> {
    const bridge = this.bridge.value;
    const name = this.saveName.trim();
    if (!bridge || !name) return;
    try {
      this.library = await bridge.request('savePipeline', { name, text: this.text });
      this.saving = false;
      this.saveName = '';
      this.outcome = { kind: 'info', message: `Saved as "${name}".` };
    } catch (err) {
      this.outcome = { kind: 'failed', message: err instanceof RequestError ? err.message : 'Could not save.' };
    }
  }

  private async deleteSaved(name: string): Promise<void> {
    const bridge = this.bridge.value;
    if (bridge) this.library = await bridge.request('deleteSavedPipeline', { name }).catch(() => this.library);
  }

  private editInEditor(): void {
    void this.bridge.value?.request('editPipelineInEditor', { text: this.text }).catch(() => undefined);
  }

  private copyAsCode(): void {
    void this.bridge.value?.request('copyWatchAsCode', {}).catch(() => undefined);
  }

  private renderOutcome() {
    const o = this.outcome;
    if (!o) return nothing;
    switch (o.kind) {
      case 'applied':
        return html`<div class="note ok" role="status" data-testid="pipeline-outcome">
          ${o.stages ? `Applied: ${o.stages}-stage pipeline.` : 'Applied: no pipeline (every event).'} The watch
          reopened from its last event; nothing was lost.${o.warnings ? ` ${o.warnings} warning(s) in the editor.` : ''}
        </div>`;
      case 'invalid':
        return html`<div class="note error" role="alert" data-testid="pipeline-outcome">
          Line ${o.first.line}, column ${o.first.column}: ${o.first.message} ${o.first.action} Nothing was applied; the
          running pipeline continues.
        </div>`;
      case 'refused':
        return html`<div class="note error" role="alert" data-testid="pipeline-outcome">
          <div>
            Not applied
            (${o.error.code}${o.error.serverCode !== undefined ? `, server code ${o.error.serverCode}` : ''}):
            ${o.error.message}
          </div>
          <div>${o.error.action}</div>
        </div>`;
      case 'failed':
        return html`<div class="note error" role="alert" data-testid="pipeline-outcome">${o.message}</div>`;
      case 'info':
        return html`<div class="note" role="status" data-testid="pipeline-outcome">${o.message}</div>`;
    }
  }

  override render() {
    const lib = this.library;
    const running = lib ? normalize(lib.current) : undefined;
    const dirty = running !== undefined && normalize(this.text) !== running;
    const stages = this.info.value?.options.pipeline?.length ?? 0;
    return html`<section class="pipeline" aria-label="Server-side pipeline">
      <div class="bar">
        <span class="title" title="Runs on the server: only matching events reach the inspector">
          Server-side pipeline
          <span class="badge" data-testid="pipeline-running"
            >${stages ? `${stages} stage${stages === 1 ? '' : 's'} running` : 'none running'}${dirty ? ' · edited' : ''}</span
          >
        </span>
        <select aria-label="Presets" data-testid="pipeline-presets" @change=${(e: Event) => this.pick(e, 'preset')}>
          <option value="">Presets…</option>
          ${(this.assist?.presets ?? []).map((p, i) => html`<option value=${i} title=${p.description}>${p.title}</option>`)}
        </select>
        <select
          aria-label="Recent pipelines"
          data-testid="pipeline-history"
          ?disabled=${!lib?.history.length}
          @change=${(e: Event) => this.pick(e, 'history')}
        >
          <option value="">Recent…</option>
          ${(lib?.history ?? []).map((h, i) => html`<option value=${i} title=${h.text}>${oneLine(h.text)}</option>`)}
        </select>
        <select
          aria-label="Saved pipelines"
          data-testid="pipeline-saved"
          ?disabled=${!lib?.saved.length}
          @change=${(e: Event) => this.pick(e, 'saved')}
        >
          <option value="">Saved…</option>
          ${(lib?.saved ?? []).map((s, i) => html`<option value=${i} title=${s.text}>${s.name}</option>`)}
        </select>
        <span class="spacer"></span>
        <vscode-button secondary data-testid="pipeline-save" @click=${() => (this.saving = !this.saving)}
          >Save…</vscode-button
        >
        <vscode-button
          secondary
          data-testid="pipeline-edit-in-editor"
          title="Open as a VS Code document"
          @click=${this.editInEditor}
          >Edit in Editor</vscode-button
        >
        <vscode-button
          secondary
          data-testid="pipeline-copy-code"
          title="Copy the watch as Node.js, Python or mongosh code"
          @click=${this.copyAsCode}
          >Copy as Code</vscode-button
        >
        <vscode-button
          data-testid="pipeline-apply"
          title="Reopen the watch from its last event with this pipeline (Ctrl/Cmd+Enter)"
          ?disabled=${this.pending}
          @click=${() => void this.apply()}
          >${this.pending ? 'Applying…' : 'Apply'}</vscode-button
        >
      </div>
      ${
        this.saving
          ? html`<div class="save">
              <input
                type="text"
                aria-label="Name of the saved pipeline"
                data-testid="pipeline-save-name"
                placeholder="Name (the same name replaces it)"
                maxlength="100"
                .value=${this.saveName}
                @input=${(e: Event) => (this.saveName = (e.target as HTMLInputElement).value)}
                @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && void this.save()}
              />
              <vscode-button ?disabled=${!this.saveName.trim()} @click=${() => void this.save()}>Save</vscode-button>
              ${(lib?.saved ?? []).map(
                (s) =>
                  html`<span class="chip"
                    >${s.name}<button
                      class="x"
                      title=${`Delete the saved pipeline ${s.name}`}
                      aria-label=${`Delete ${s.name}`}
                      @click=${() => void this.deleteSaved(s.name)}
                    >
                      ×
                    </button></span
                  >`,
              )}
            </div>`
          : nothing
      }
      <div class="editor" @focusin=${() => void this.refreshAssist()}></div>
      ${this.renderOutcome()}
    </section>`;
  }

  static override styles = [baseStyles, pipelineStyles];
}

function oneLine(text: string): string {
  const s = text
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 60 ? `${s.slice(0, 59)}…` : s || '(no pipeline)';
}

customElements.define('csi-pipeline-editor', PipelineEditor);
