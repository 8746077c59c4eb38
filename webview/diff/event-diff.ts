// The Diff section of the details pane for update / replace / delete events: the host computes the
// diff (getDiff), this shows it: added / removed / changed / moved with full dotted paths, old → new
// in the one shared value renderer, BSON type changes flagged, unchanged fields folded (expandable),
// the "reconstructed" and "current document" labels, why images are missing, and the way to get them.
import { ContextConsumer } from '@lit/context';
import { Task } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import type { DiffEntryView, EventDiff, MissingImageView, UpdateChangeView } from '../../src/shared/protocol';
import { shellText, type Json } from '../../src/shared/bsonText';
import { bridgeContext, watchInfoContext } from '../shared/contexts';
import { RequestError } from '../shared/host-bridge';
import { baseStyles } from '../shared/theme';
import { diffStyles } from './event-diff.styles';

const SIGN: Record<string, string> = { added: '+', removed: '−', changed: '~', moved: '↷', unchanged: '=' };
const value = (v: unknown): string => (v === undefined ? '' : shellText(v as Json));

export class EventDiffView extends LitElement {
  static override properties = { seq: { attribute: false }, showUnchanged: { state: true }, note: { state: true } };
  declare seq: number | undefined;
  declare showUnchanged: boolean;
  declare note: string;

  private readonly bridge = new ContextConsumer(this, { context: bridgeContext, subscribe: true });
  private readonly info = new ContextConsumer(this, { context: watchInfoContext, subscribe: true });

  private readonly diff = new Task(this, {
    args: () => [this.seq, this.bridge.value] as const,
    task: async ([seq, bridge]): Promise<EventDiff | null> =>
      seq === undefined || !bridge ? null : bridge.request('getDiff', { seq }),
  });

  constructor() {
    super();
    this.seq = undefined;
    this.showUnchanged = false;
    this.note = '';
  }

  override render() {
    return this.diff.render({
      pending: () => html`<div class="note">Computing the diff…</div>`,
      error: (e) =>
        html`<div class="note error" role="alert">
          ${e instanceof RequestError ? e.message : 'The diff could not be computed.'}
        </div>`,
      complete: (d) => (d && d.applicable ? this.section(d) : nothing),
    });
  }

  private section(d: EventDiff) {
    const images = d.images;
    return html`<section class="diff" data-testid="event-diff" aria-label="Diff">
      <div class="bar">
        <span class="title">Diff</span>
        ${
          images?.reconstructed
            ? html`<span
                class="badge warn"
                data-testid="diff-reconstructed"
                title="Rebuilt from an earlier version of this document in the buffer plus the updates since"
                >reconstructed</span
              >`
            : nothing
        }
        ${images ? html`<span class="meta">${counts(images.counts)}</span>` : nothing}
        <span class="spacer"></span>
        ${this.action('diff-open-editor', 'Open Diff in Editor', () => this.open('images'))}
        ${this.action('diff-compare-previous', 'Compare with Previous', () => this.open('previous'))}
        ${this.action('diff-select', 'Select for Compare', () => this.select())}
        ${this.action('diff-compare-selected', 'Compare with Selected', () => this.open('selected'))}
      </div>
      ${this.note ? html`<div class="note" role="status">${this.note}</div>` : nothing} ${this.missing(d)}
      ${images ? this.entries(images.entries) : d.update ? this.described(d.update.changes) : nothing}
      ${
        d.current !== undefined
          ? html`<div class="current" data-testid="diff-current">
              <span class="badge warn">current document (updateLookup), not at the time of the change</span>
              <pre class="mono">${value(d.current)}</pre>
            </div>`
          : nothing
      }
    </section>`;
  }

  private entries(entries: DiffEntryView[]) {
    const hidden = entries.filter((e) => e.kind === 'unchanged').length;
    const shown = this.showUnchanged ? entries : entries.filter((e) => e.kind !== 'unchanged');
    return html`<ul class="entries" data-testid="diff-entries">
        ${shown.map(
          (e) =>
            html`<li class="entry ${e.kind}" data-kind=${e.kind} data-path=${e.dotted}>
              <span class="sign" aria-label=${e.kind}>${SIGN[e.kind]}</span>
              <span class="path mono">${e.dotted || '(document)'}</span>
              ${e.fromPath ? html`<span class="meta">from ${e.fromPath.join('.')}</span>` : nothing}
              ${
                e.kind === 'added'
                  ? html`<span class="new mono">${value(e.after)}</span>`
                  : e.kind === 'removed' || e.kind === 'unchanged'
                    ? html`<span class="old mono">${value(e.before)}</span>`
                    : html`<span class="old mono">${value(e.before)}</span><span class="arrow">→</span
                        ><span class="new mono">${value(e.after)}</span>`
              }
              ${
                e.typeChanged
                  ? html`<span class="badge" data-testid="diff-type-change"
                      >type ${e.typeChanged.before} → ${e.typeChanged.after}</span
                    >`
                  : nothing
              }
            </li>`,
        )}
      </ul>
      ${
        hidden
          ? html`<button
              class="link"
              data-testid="diff-toggle-unchanged"
              @click=${() => (this.showUnchanged = !this.showUnchanged)}
            >
              ${this.showUnchanged ? 'Fold unchanged fields' : `Show ${hidden} unchanged field${hidden === 1 ? '' : 's'}`}
            </button>`
          : nothing
      }`;
  }

  private described(changes: UpdateChangeView[]) {
    return html`<div class="meta">What the update says by itself (updateDescription):</div>
      <ul class="entries" data-testid="diff-update">
        ${changes.map(
          (c) =>
            html`<li class="entry ${c.kind === 'set' ? 'changed' : 'removed'}" data-path=${c.dotted}>
              <span class="sign">${c.kind === 'set' ? '~' : '−'}</span>
              <span class="path mono">${c.path.join('.')}</span>
              ${c.kind === 'set' ? html`<span class="arrow">→</span><span class="new mono">${value(c.after)}</span>` : nothing}
              ${c.kind === 'truncated' ? html`<span class="meta">truncated to ${c.newSize}</span>` : nothing}
              ${c.kind === 'removed' ? html`<span class="meta">removed</span>` : nothing}
            </li>`,
        )}
      </ul>`;
  }

  private missing(d: EventDiff) {
    const reasons = [d.missing.before, d.missing.after].filter(
      (m): m is MissingImageView => !!m && m.code !== 'delete-has-no-post-image',
    );
    if (reasons.length === 0) return nothing;
    const offer = reasons.some((m) => m.code === 'not-requested');
    return html`<div class="missing" data-testid="diff-missing">
      ${reasons.map((m) => html`<div><span class="why">${m.message}</span> ${m.action ? html`<span class="meta">${m.action}</span>` : nothing}</div>`)}
      ${
        offer
          ? html`<button class="link" data-testid="diff-enable-images" @click=${this.enableImages}>
              Switch this watch to fullDocument whenAvailable + fullDocumentBeforeChange whenAvailable (reopens from the
              last token)
            </button>`
          : nothing
      }
    </div>`;
  }

  private readonly enableImages = async (): Promise<void> => {
    const options = this.info.value?.options;
    const bridge = this.bridge.value;
    if (!options || !bridge) return;
    try {
      await bridge.request('setOptions', {
        options: { ...options, fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' },
      });
      this.note = 'Options switched: later events carry their images (the collection must record them).';
    } catch (e) {
      this.note = e instanceof RequestError ? e.message : 'The options could not be switched.';
    }
  };

  private async open(against: 'images' | 'previous' | 'selected'): Promise<void> {
    if (this.seq === undefined || !this.bridge.value) return;
    const r = await this.bridge.value.request('openDiffInEditor', { seq: this.seq, against });
    this.note = r.opened ? '' : (r.message ?? '');
  }

  private async select(): Promise<void> {
    if (this.seq === undefined || !this.bridge.value) return;
    const r = await this.bridge.value.request('selectForCompare', { seq: this.seq });
    this.note = r.selected ? `Event #${r.selected} selected for compare.` : 'That event is no longer in the buffer.';
  }

  private action(testid: string, label: string, click: () => void) {
    return html`<button class="link" data-testid=${testid} @click=${click}>${label}</button>`;
  }

  static override styles = [baseStyles, diffStyles];
}

function counts(c: Record<string, number>): string {
  return (
    (['added', 'removed', 'changed', 'moved'] as const)
      .filter((k) => c[k])
      .map((k) => `${c[k]} ${k}`)
      .join(' · ') || 'no field changed'
  );
}

customElements.define('csi-event-diff', EventDiffView);
