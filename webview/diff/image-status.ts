// <csi-image-status>: one line on pre- and post-images for the watch: whether the collection records
// them (listCollections, asked of the host) and what this watch asks for (its options), with the
// one step that would make them meet: "Enable…" on the collection (the host's modal confirms), or
// the options to ask for them.
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import type { ImageStatusView, WatchOptions } from '../../src/shared/protocol';
import type { WatchInfo } from '../app/watch-state';
import { bridgeContext, watchInfoContext } from '../shared/contexts';
import { RequestError } from '../shared/host-bridge';
import { baseStyles } from '../shared/theme';

/** What the watch's options ask for, in words. */
export function requestedText(o: WatchOptions): string {
  const post =
    o.fullDocument === 'whenAvailable' || o.fullDocument === 'required'
      ? o.fullDocument
      : o.fullDocument === 'updateLookup'
        ? 'none (updateLookup: the current document instead)'
        : 'none';
  return `this watch asks for pre-image ${o.fullDocumentBeforeChange}, post-image ${post}`;
}

const asksForImages = (o: WatchOptions) =>
  o.fullDocumentBeforeChange !== 'off' || o.fullDocument === 'whenAvailable' || o.fullDocument === 'required';

export class ImageStatus extends LitElement {
  static override properties = { status: { state: true }, busy: { state: true }, error: { state: true } };
  declare status: ImageStatusView | undefined;
  declare busy: boolean;
  declare error: string;

  private readonly bridge = new ContextConsumer(this, { context: bridgeContext, subscribe: true });
  private asked: string | undefined;
  private readonly info = new ContextConsumer(this, {
    context: watchInfoContext,
    subscribe: true,
    callback: (info) => this.onInfo(info),
  });

  constructor() {
    super();
    this.busy = false;
    this.error = '';
  }

  // Asked again when the target changes (a new watch in this panel), not on every status change.
  private onInfo(info: WatchInfo | undefined): void {
    const key = info ? JSON.stringify(info.target) : undefined;
    if (!key || key === this.asked) return;
    this.asked = key;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.status = await this.bridge.value?.request('getImageStatus', {});
    } catch {
      this.status = { recording: 'unknown', reason: 'The image recording could not be read.' };
    }
  }

  override render() {
    const s = this.status;
    const o = this.info.value?.options;
    if (!s || !o) return nothing;
    const recording =
      s.recording === 'on'
        ? html`<span class="on">on</span> for ${s.ns}`
        : s.recording === 'off'
          ? html`<span class="off">off</span> for ${s.ns}`
          : s.recording === 'per-collection'
            ? html`set per collection (see each collection in the tree)`
            : html`unknown${s.reason ? ` (${s.reason})` : ''}`;
    const mismatch = s.recording === 'off' && asksForImages(o);
    return html`<div
      class="line ${mismatch ? 'warn' : ''}"
      data-testid="image-status"
      data-recording=${s.recording}
      title=${s.retention ?? ''}
    >
      <span>Pre/post-images: ${recording}; ${requestedText(o)}.</span>
      ${
        mismatch
          ? html`<span class="why">The collection records none, so its events carry no images.</span>`
          : s.recording === 'on' && !asksForImages(o)
            ? html`<span class="why">Ask for them in Options (fullDocumentBeforeChange).</span>`
            : nothing
      }
      ${
        s.recording === 'off'
          ? html`<button class="link" data-testid="image-enable" ?disabled=${this.busy} @click=${() => this.set(true)}>
              Enable on the collection…
            </button>`
          : s.recording === 'on'
            ? html`<button
                class="link"
                data-testid="image-disable"
                ?disabled=${this.busy}
                @click=${() => this.set(false)}
              >
                Disable…
              </button>`
            : nothing
      }
      ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
    </div>`;
  }

  private async set(enabled: boolean): Promise<void> {
    const bridge = this.bridge.value;
    if (!bridge) return;
    this.busy = true;
    this.error = '';
    try {
      this.status = await bridge.request('setImageRecording', { enabled });
    } catch (e) {
      this.error = e instanceof RequestError ? e.message : 'The image recording could not be changed.';
    } finally {
      this.busy = false;
    }
  }

  static override styles = [
    baseStyles,
    css`
      .line {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        padding: 0 8px 2px;
        font-size: 0.9em;
        color: var(--vscode-descriptionForeground);
      }
      .line.warn .why {
        color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
      }
      .on {
        color: var(--vscode-testing-iconPassed, var(--vscode-foreground));
        font-weight: 600;
      }
      .off {
        color: var(--vscode-foreground);
        font-weight: 600;
      }
      .link {
        background: none;
        border: none;
        padding: 0 2px;
        color: var(--vscode-textLink-foreground);
        cursor: pointer;
        font: inherit;
      }
      .link:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
      }
      .error {
        color: var(--vscode-errorForeground);
      }
    `,
  ];
}

customElements.define('csi-image-status', ImageStatus);
