// The per-watch options form (fullDocument, fullDocumentBeforeChange, showExpandedEvents, batchSize,
// maxAwaitTimeMS). It validates with the protocol's own validator and asks the app to apply them.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import {
  validateWatchOptions,
  type FullDocumentBeforeChangeMode,
  type FullDocumentMode,
  type WatchOptions,
} from '../../src/shared/protocol';
import { baseStyles } from '../shared/theme';

const FULL_DOCUMENT: { value: FullDocumentMode; hint: string }[] = [
  { value: 'default', hint: 'only inserts and replaces carry the document' },
  { value: 'updateLookup', hint: 'updates look up the current document' },
  { value: 'whenAvailable', hint: 'post-image when recorded' },
  { value: 'required', hint: 'post-image or the stream fails' },
];
const BEFORE: { value: FullDocumentBeforeChangeMode; hint: string }[] = [
  { value: 'off', hint: 'no pre-image' },
  { value: 'whenAvailable', hint: 'pre-image when recorded' },
  { value: 'required', hint: 'pre-image or the stream fails' },
];

interface Field {
  value: string;
}

export class OptionsForm extends LitElement {
  static override properties = {
    options: { attribute: false },
    pending: { type: Boolean },
    error: {},
    localError: { state: true },
  };
  declare options: WatchOptions | undefined;
  declare pending: boolean;
  declare error: string;
  declare localError: string;

  constructor() {
    super();
    this.options = undefined;
    this.pending = false;
    this.error = '';
    this.localError = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The host's options notification is the truth: reflect it into the form whenever it changes.
    if (changed.has('options')) this.reset();
  }

  override render() {
    const o = this.options;
    if (!o) return nothing;
    const message = this.localError || this.error;
    return html`<form class="form" aria-label="Watch options" @submit=${this.onSubmit}>
      <label class="field">
        <span>fullDocument</span>
        <vscode-single-select id="fullDocument" aria-label="fullDocument">
          ${FULL_DOCUMENT.map((m) => html`<vscode-option value=${m.value} description=${m.hint} ?selected=${o.fullDocument === m.value}>${m.value}</vscode-option>`)}
        </vscode-single-select>
      </label>
      <label class="field">
        <span>fullDocumentBeforeChange</span>
        <vscode-single-select id="fullDocumentBeforeChange" aria-label="fullDocumentBeforeChange">
          ${BEFORE.map((m) => html`<vscode-option value=${m.value} description=${m.hint} ?selected=${o.fullDocumentBeforeChange === m.value}>${m.value}</vscode-option>`)}
        </vscode-single-select>
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
        ></vscode-textfield>
      </label>
      <div class="field check">
        <vscode-checkbox
          id="showExpandedEvents"
          ?checked=${o.showExpandedEvents}
          label="showExpandedEvents (DDL events)"
        ></vscode-checkbox>
      </div>
      <div class="buttons">
        <vscode-button data-testid="apply-options" ?disabled=${this.pending} @click=${this.apply}
          >${this.pending ? 'Applying…' : 'Apply'}</vscode-button
        >
        <vscode-button secondary ?disabled=${this.pending} @click=${this.reset}>Reset</vscode-button>
      </div>
      ${message ? html`<div class="error" role="alert" data-testid="options-error">${message}</div>` : nothing}
    </form>`;
  }

  private field(id: string): Field & { checked?: boolean } {
    return this.renderRoot.querySelector(`#${id}`) as unknown as Field & { checked?: boolean };
  }

  private reset(): void {
    const o = this.options;
    if (!o) return;
    this.localError = '';
    void this.updateComplete.then(() => {
      this.field('fullDocument').value = o.fullDocument;
      this.field('fullDocumentBeforeChange').value = o.fullDocumentBeforeChange;
      this.field('batchSize').value = o.batchSize === undefined ? '' : String(o.batchSize);
      this.field('maxAwaitTimeMS').value = o.maxAwaitTimeMS === undefined ? '' : String(o.maxAwaitTimeMS);
      const check = this.field('showExpandedEvents');
      check.checked = o.showExpandedEvents;
    });
  }

  private read(): unknown {
    const num = (id: string) => {
      const t = this.field(id).value.trim();
      return t === '' ? undefined : Number(t);
    };
    return {
      ...(this.options?.pipeline ? { pipeline: this.options.pipeline } : {}),
      fullDocument: this.field('fullDocument').value,
      fullDocumentBeforeChange: this.field('fullDocumentBeforeChange').value,
      showExpandedEvents: !!this.field('showExpandedEvents').checked,
      batchSize: num('batchSize'),
      maxAwaitTimeMS: num('maxAwaitTimeMS'),
    };
  }

  private onSubmit(ev: Event): void {
    ev.preventDefault();
    this.apply();
  }

  private apply(): void {
    const r = validateWatchOptions(this.read());
    if (!r.ok) {
      this.localError = `Check the options: ${r.reason}.`;
      return;
    }
    this.localError = '';
    this.dispatchEvent(new CustomEvent<WatchOptions>('apply-options', { detail: r.value }));
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      }
      .form {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 8px 16px;
        padding: 6px 8px 10px;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 2px;
        min-width: 150px;
      }
      .field > span {
        font-size: 12px;
        color: var(--vscode-descriptionForeground);
      }
      .field.check {
        justify-content: flex-end;
        min-height: 26px;
      }
      vscode-textfield {
        width: 150px;
      }
      vscode-single-select {
        width: 190px;
      }
      .buttons {
        display: flex;
        gap: 6px;
      }
      .error {
        flex-basis: 100%;
        color: var(--vscode-errorForeground);
      }
    `,
  ];
}

customElements.define('csi-options-form', OptionsForm);
