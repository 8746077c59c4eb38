// <csi-bookmark-actions>: the details pane's bookmark controls for one event. Not bookmarked: a
// "Bookmark" button (also the B key). Bookmarked: its label as a badge (the note as its tooltip) and
// "Resume after", which reopens the watch after this event. Labels are text bindings only.
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { baseStyles } from '../shared/theme';
import { bookmarksContext } from './bookmarks-controller';

export class BookmarkActions extends LitElement {
  static override properties = { seq: { attribute: false } };
  declare seq: number | undefined;

  private readonly bookmarks = new ContextConsumer(this, { context: bookmarksContext, subscribe: true });

  constructor() {
    super();
    this.seq = undefined;
  }

  override render() {
    const state = this.bookmarks.value;
    if (!state || this.seq === undefined) return nothing;
    const seq = this.seq;
    const b = state.bySeq.get(seq);
    const status = state.status
      ? html`<span class="status" role="status" data-testid="bookmark-status" title=${state.status}
          >${state.status}</span
        >`
      : nothing;
    if (!b) {
      return html`${status}<button
          class="icon-button"
          data-testid="bookmark-event"
          title="Bookmark this event (B): save its resume token to come back to it"
          aria-label="Bookmark this event"
          ?disabled=${state.busy}
          @click=${() => state.add(seq)}
        >
          <vscode-icon name="bookmark"></vscode-icon><span class="label">Bookmark</span>
        </button>`;
    }
    const differs = b.pipelineDiffers
      ? "Taken under another pipeline than the watch's: a token is only valid with its own pipeline, so resuming reopens the watch with the bookmark's."
      : '';
    const tip = [b.label, b.note, differs].filter(Boolean).join('\n\n');
    return html`${status}<span class="badge" data-testid="bookmark-badge" title=${tip}>
        <vscode-icon name="bookmark"></vscode-icon><span class="badge-label">${b.label}</span>
        ${
          differs
            ? html`<vscode-icon
                name="warning"
                data-testid="bookmark-pipeline-differs"
                aria-label=${differs}
              ></vscode-icon>`
            : nothing
        }
      </span>
      <button
        class="icon-button"
        data-testid="resume-bookmark"
        title="Resume after this event: reopen the watch from its bookmark (the list is cleared, the later events come again)"
        aria-label="Resume after this bookmarked event"
        ?disabled=${state.busy}
        @click=${() => state.resume(b.id)}
      >
        <vscode-icon name="debug-continue"></vscode-icon><span class="label">Resume after</span>
      </button>`;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        flex: none;
      }
      .icon-button {
        gap: 4px;
      }
      .label {
        font-size: 12px;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 3px;
        max-width: 180px;
        padding: 0 6px;
        height: 20px;
        border-radius: 10px;
        background: var(--vscode-badge-background);
        color: var(--vscode-badge-foreground);
        font-size: 11px;
      }
      .badge vscode-icon {
        color: inherit;
      }
      .badge-label {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .status {
        max-width: 220px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-size: 11px;
        color: var(--vscode-descriptionForeground);
      }
    `,
  ];
}

customElements.define('csi-bookmark-actions', BookmarkActions);
