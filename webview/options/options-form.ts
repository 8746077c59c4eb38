// The per-watch options form (fullDocument, fullDocumentBeforeChange, showExpandedEvents, batchSize,
// maxAwaitTimeMS). Its fields are bound to a draft (no DOM queries), checked with the protocol's own
// validator, and applied through a @lit/task that owns the request's pending and error state.
// Loaded lazily (a chunk of its own) the first time the person opens the options.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { ContextConsumer } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import {
  validateWatchOptions,
  type FullDocumentBeforeChangeMode,
  type FullDocumentMode,
  type WatchOptions,
} from '../../src/shared/protocol';
import { bridgeContext } from '../shared/contexts';
import { RequestError } from '../shared/host-bridge';
import { baseStyles } from '../shared/theme';
import { optionsStyles } from './options-form.styles';

// `hint` labels the option in the list; `line` is the sentence shown under the field for the chosen one.
const FULL_DOCUMENT: { value: FullDocumentMode; hint: string; line: string }[] = [
  {
    value: 'default',
    hint: 'only inserts and replaces carry the document',
    line: 'Updates carry only their changed fields (updateDescription); inserts and replaces carry the document.',
  },
  {
    value: 'updateLookup',
    hint: 'updates look up the current document',
    line: 'Updates also carry the document as it is when read, which may be later than the change: not a post-image.',
  },
  {
    value: 'whenAvailable',
    hint: 'post-image when recorded',
    line: 'Updates carry the post-image where the collection records images; otherwise none.',
  },
  {
    value: 'required',
    hint: 'post-image or the stream fails',
    line: 'Every update must carry its post-image: the stream fails when the collection records none.',
  },
];
const BEFORE: { value: FullDocumentBeforeChangeMode; hint: string; line: string }[] = [
  {
    value: 'off',
    hint: 'no pre-image',
    line: 'Events carry no pre-image, so a diff rebuilds "before" from the buffer or shows the update alone.',
  },
  {
    value: 'whenAvailable',
    hint: 'pre-image when recorded',
    line: 'Updates, replaces and deletes carry the document before the change where the collection records images.',
  },
  {
    value: 'required',
    hint: 'pre-image or the stream fails',
    line: 'Every update, replace and delete must carry its pre-image: the stream fails when none is recorded.',
  },
];
const lineOf = (list: { value: string; line: string }[], value: string) =>
  list.find((m) => m.value === value)?.line ?? '';

/** What the fields show: numbers as the text typed, so a half-typed value is kept as typed. */
interface Draft {
  fullDocument: string;
  fullDocumentBeforeChange: string;
  showExpandedEvents: boolean;
  batchSize: string;
  maxAwaitTimeMS: string;
}

function draftOf(o: WatchOptions): Draft {
  return {
    fullDocument: o.fullDocument,
    fullDocumentBeforeChange: o.fullDocumentBeforeChange,
    showExpandedEvents: o.showExpandedEvents,
    batchSize: o.batchSize === undefined ? '' : String(o.batchSize),
    maxAwaitTimeMS: o.maxAwaitTimeMS === undefined ? '' : String(o.maxAwaitTimeMS),
  };
}

export class OptionsForm extends LitElement {
  static override properties = {
    options: { attribute: false },
    draft: { state: true },
    localError: { state: true },
  };
  declare options: WatchOptions | undefined;
  declare draft: Draft | undefined;
  declare localError: string;

  private readonly bridge = new ContextConsumer(this, { context: bridgeContext, subscribe: true });
  private readonly applying = new Task(this, {
    autoRun: false,
    task: async ([options]: readonly [WatchOptions]) => {
      const bridge = this.bridge.value;
      if (!bridge)
        throw new RequestError('not-connected', 'The panel is not connected to the extension yet. Try again.');
      return bridge.request('setOptions', { options });
    },
  });

  constructor() {
    super();
    this.options = undefined;
    this.draft = undefined;
    this.localError = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The host's options notification is the truth: the form shows it whenever it changes.
    if (changed.has('options') && this.options) this.draft = draftOf(this.options);
  }

  override render() {
    const d = this.draft;
    if (!d) return nothing;
    const pending = this.applying.status === TaskStatus.PENDING;
    const failed = this.applying.status === TaskStatus.ERROR ? this.applying.error : undefined;
    const message =
      this.localError ||
      (failed
        ? failed instanceof RequestError
          ? failed.message
          : 'The options could not be applied. Try again.'
        : '');
    return html`<form class="form" aria-label="Watch options" @submit=${this.onSubmit}>
      <label class="field">
        <span>fullDocument</span>
        <vscode-single-select
          id="fullDocument"
          aria-label="fullDocument"
          .value=${d.fullDocument}
          @change=${(e: Event) => this.set({ fullDocument: valueOf(e) })}
        >
          ${FULL_DOCUMENT.map((m) => html`<vscode-option value=${m.value} description=${m.hint} ?selected=${d.fullDocument === m.value}>${m.value}</vscode-option>`)}
        </vscode-single-select>
        <span class="hint" data-testid="hint-fullDocument">${lineOf(FULL_DOCUMENT, d.fullDocument)}</span>
      </label>
      <label class="field">
        <span>fullDocumentBeforeChange</span>
        <vscode-single-select
          id="fullDocumentBeforeChange"
          aria-label="fullDocumentBeforeChange"
          .value=${d.fullDocumentBeforeChange}
          @change=${(e: Event) => this.set({ fullDocumentBeforeChange: valueOf(e) })}
        >
          ${BEFORE.map((m) => html`<vscode-option value=${m.value} description=${m.hint} ?selected=${d.fullDocumentBeforeChange === m.value}>${m.value}</vscode-option>`)}
        </vscode-single-select>
        <span class="hint" data-testid="hint-fullDocumentBeforeChange"
          >${lineOf(BEFORE, d.fullDocumentBeforeChange)} Images need changeStreamPreAndPostImages on the collection
          (MongoDB 6.0+); changing this reopens the stream from its last event.</span
        >
      </label>
      <label class="field">
        <span>batchSize</span>
        <vscode-textfield
          id="batchSize"
          type="number"
          min="1"
          max="100000"
          placeholder="server default"
          aria-label="batchSize"
          .value=${d.batchSize}
          @input=${(e: Event) => this.set({ batchSize: valueOf(e) })}
        ></vscode-textfield>
      </label>
      <label class="field">
        <span>maxAwaitTimeMS</span>
        <vscode-textfield
          id="maxAwaitTimeMS"
          type="number"
          min="1"
          max="60000"
          placeholder="server default"
          aria-label="maxAwaitTimeMS"
          .value=${d.maxAwaitTimeMS}
          @input=${(e: Event) => this.set({ maxAwaitTimeMS: valueOf(e) })}
        ></vscode-textfield>
      </label>
      <div class="field check">
        <vscode-checkbox
          id="showExpandedEvents"
          .checked=${d.showExpandedEvents}
          label="showExpandedEvents (DDL events)"
          @change=${(e: Event) => this.set({ showExpandedEvents: (e.target as HTMLInputElement).checked })}
        ></vscode-checkbox>
      </div>
      <div class="buttons">
        <vscode-button data-testid="apply-options" ?disabled=${pending} @click=${this.apply}
          >${pending ? 'Applying…' : 'Apply'}</vscode-button
        >
        <vscode-button secondary ?disabled=${pending} @click=${this.reset}>Reset</vscode-button>
      </div>
      ${message ? html`<div class="error" role="alert" data-testid="options-error">${message}</div>` : nothing}
    </form>`;
  }

  private set(patch: Partial<Draft>): void {
    if (this.draft) this.draft = { ...this.draft, ...patch };
  }

  private reset(): void {
    this.localError = '';
    if (this.options) this.draft = draftOf(this.options);
  }

  private read(d: Draft): unknown {
    const num = (t: string) => (t.trim() === '' ? undefined : Number(t.trim()));
    return {
      ...(this.options?.pipeline ? { pipeline: this.options.pipeline } : {}),
      fullDocument: d.fullDocument,
      fullDocumentBeforeChange: d.fullDocumentBeforeChange,
      showExpandedEvents: d.showExpandedEvents,
      batchSize: num(d.batchSize),
      maxAwaitTimeMS: num(d.maxAwaitTimeMS),
    };
  }

  private onSubmit(ev: Event): void {
    ev.preventDefault();
    this.apply();
  }

  private apply(): void {
    if (!this.draft) return;
    const r = validateWatchOptions(this.read(this.draft));
    if (!r.ok) {
      this.localError = `Check the options: ${r.reason}.`;
      return;
    }
    this.localError = '';
    void this.applying.run([r.value]);
  }

  static override styles = [baseStyles, optionsStyles];
}

function valueOf(e: Event): string {
  return String((e.target as HTMLElement & { value: unknown }).value ?? '');
}

customElements.define('csi-options-form', OptionsForm);
