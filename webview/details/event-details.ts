// The details pane for the selected event: it asks the host for the event itself (a @lit/task, so the
// loading / error / gone states live in the request, not in app fields), shows its header (operation,
// time, namespace, document key in the shared mongosh rendering), copies in the chosen format, and the
// event as a collapsible EJSON tree with expand all / collapse all.
import { ContextConsumer } from '@lit/context';
import { Task } from '@lit/task';
import { LitElement, html, nothing } from 'lit';
import type { EventDetail } from '../../src/shared/protocol';
import { fieldsText, isRecord, shellText, type Json } from '../../src/shared/bsonText';
import { bridgeContext } from '../shared/contexts';
import { copyAs, COPY_FORMATS, type CopyFormat } from '../shared/copy-formats';
import { copyRequest, inspectorEvent } from '../shared/events';
import { eventTime } from '../shared/format';
import { RequestError } from '../shared/host-bridge';
import { opStyle } from '../shared/op-styles';
import { baseStyles, opColors } from '../shared/theme';
import { detailsStyles } from './event-details.styles';
import type { EjsonTree } from './ejson-tree';
import './ejson-tree';
import '../diff/event-diff';
// bookmarks (issue 9)
import '../bookmarks/bookmark-actions';

/** An event as the pane shows it: the host's detail and its EJSON parsed once. */
interface Loaded {
  detail: EventDetail;
  parsed: Json | undefined;
  parseError: string;
}

export class EventDetails extends LitElement {
  static override properties = {
    seq: { attribute: false },
    format: {},
  };
  declare seq: number | undefined;
  declare format: CopyFormat;

  private readonly bridge = new ContextConsumer(this, { context: bridgeContext, subscribe: true });

  private readonly event = new Task(this, {
    args: () => [this.seq, this.bridge.value] as const,
    task: async ([seq, bridge]): Promise<Loaded | null> => {
      if (seq === undefined || !bridge) return null;
      const detail = await bridge.request('getEvent', { seq });
      return detail ? parse(detail) : null;
    },
  });

  constructor() {
    super();
    this.seq = undefined;
    this.format = 'shell';
  }

  /** Asks the host again (the person re-opened the same event). */
  reload(): void {
    void this.event.run();
  }

  override render() {
    return this.event.render({
      initial: () => this.frame(undefined, html`<div class="note">Loading event…</div>`),
      pending: () => this.frame(undefined, html`<div class="note">Loading event…</div>`),
      error: (e) =>
        this.frame(
          undefined,
          html`<div class="note error" role="alert">
            ${e instanceof RequestError ? e.message : 'The event could not be loaded. Try again.'}
          </div>`,
        ),
      complete: (loaded) =>
        loaded
          ? this.frame(loaded, this.body(loaded))
          : this.frame(
              undefined,
              html`<div class="note">This event is no longer in the log (it was evicted or cleared).</div>`,
            ),
    });
  }

  private frame(loaded: Loaded | undefined, body: unknown) {
    const s = loaded?.detail.summary;
    const style = s ? opStyle(s.op) : undefined;
    const key =
      loaded && isRecord(loaded.parsed) && loaded.parsed.documentKey !== undefined
        ? fieldsText(loaded.parsed.documentKey)
        : (s?.key ?? '');
    const formatLabel = COPY_FORMATS.find((f) => f.format === this.format)?.label ?? this.format;
    return html`
      <div class="head" data-op=${s?.op ?? ''}>
        <div class="what">
          ${
            s && style
              ? html`<span class="title op-color"><vscode-icon name=${style.icon}></vscode-icon>${style.label}</span>
                  <span class="meta mono">${eventTime(s.time)}</span>
                  <span class="meta" title=${s.ns}>${s.ns}</span>
                  <span class="meta mono key" title=${key} data-testid="details-key">${key}</span>`
              : html`<span class="title">Event details</span>`
          }
        </div>
        <div class="actions" role="toolbar" aria-label="Event actions">
          ${
            loaded
              ? html`<csi-bookmark-actions .seq=${loaded.detail.summary.seq}></csi-bookmark-actions>
                  <vscode-single-select
                    class="format"
                    data-testid="copy-format"
                    aria-label="Copy format"
                    title="The form copies take: mongosh shell, relaxed EJSON or canonical EJSON"
                    .value=${this.format}
                    @change=${this.onFormat}
                  >
                    ${COPY_FORMATS.map(
                      (f) =>
                        html`<vscode-option
                          value=${f.format}
                          description=${f.title}
                          ?selected=${f.format === this.format}
                          >${f.label}</vscode-option
                        >`,
                    )}
                  </vscode-single-select>
                  ${this.button('copy-event', 'copy', 'Event', `Copy the whole event as ${formatLabel}`, () =>
                    this.copy(
                      loaded.parsed === undefined ? loaded.detail.ejson : copyAs(loaded.parsed, this.format),
                      'event',
                    ),
                  )}
                  ${this.button('copy-token', 'key', 'Resume token', `Copy the resume token as ${formatLabel}`, () =>
                    this.copy(tokenText(loaded.detail.token, this.format), 'resumeToken'),
                  )}
                  ${this.button('expand-all', 'expand-all', '', 'Expand all', () => this.tree?.expandAll(true))}
                  ${this.button('collapse-all', 'collapse-all', '', 'Collapse all', () => this.tree?.expandAll(false))}`
              : nothing
          }
          ${this.button('close-details', 'close', '', 'Close details (Escape)', () =>
            this.dispatchEvent(inspectorEvent('close-details', undefined, true)),
          )}
        </div>
      </div>
      <div class="body" tabindex="-1">${body}</div>
    `;
  }

  private body(loaded: Loaded) {
    const op = loaded.detail.summary.op;
    const diff =
      op === 'update' || op === 'replace' || op === 'delete'
        ? html`<csi-event-diff .seq=${loaded.detail.summary.seq}></csi-event-diff>`
        : nothing;
    return html`${diff}${
      loaded.parsed !== undefined
        ? html`<csi-ejson-tree .value=${loaded.parsed} .format=${this.format} label="Change event"></csi-ejson-tree>`
        : nothing
    }
    ${
      loaded.parseError
        ? html`<div class="note error">${loaded.parseError}</div>
            <pre class="mono">${loaded.detail.ejson}</pre>`
        : nothing
    }`;
  }

  private button(testid: string, icon: string, label: string, title: string, click: () => void) {
    return html`<button class="icon-button" data-testid=${testid} title=${title} aria-label=${title} @click=${click}>
      <vscode-icon name=${icon}></vscode-icon>${label ? html`<span class="label">${label}</span>` : nothing}
    </button>`;
  }

  private get tree(): EjsonTree | null {
    return this.renderRoot.querySelector('csi-ejson-tree');
  }

  private onFormat(ev: Event): void {
    const value = (ev.target as HTMLElement & { value: string }).value;
    this.dispatchEvent(inspectorEvent('copy-format-change', value, true));
  }

  private copy(text: string, what: string): void {
    this.dispatchEvent(copyRequest({ text, what }));
  }

  static override styles = [baseStyles, opColors, detailsStyles];
}

function parse(detail: EventDetail): Loaded {
  try {
    return { detail, parsed: JSON.parse(detail.ejson) as Json, parseError: '' };
  } catch (e) {
    return {
      detail,
      parsed: undefined,
      parseError: `The event's EJSON could not be read (${(e as Error).message}); showing it as text.`,
    };
  }
}

/** The token as the chosen format writes it; its only field is a string, so both EJSON forms agree. */
function tokenText(token: string, format: CopyFormat): string {
  if (format !== 'shell') return token;
  try {
    return shellText(JSON.parse(token) as Json);
  } catch {
    return token;
  }
}

customElements.define('csi-event-details', EventDetails);
