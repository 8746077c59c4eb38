// <csi-start-at-button>: the toolbar's "Start at…" (startAtOperationTime). The host asks when: 5 minutes
// ago, 1 hour ago, the oldest the oplog holds, or a date and time; the list then starts over from it.
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { bookmarksContext } from './bookmarks-controller';

export class StartAtButton extends LitElement {
  private readonly bookmarks = new ContextConsumer(this, { context: bookmarksContext, subscribe: true });

  override render() {
    const state = this.bookmarks.value;
    if (!state) return nothing;
    return html`<vscode-toolbar-button
      data-testid="start-at-time"
      icon="history"
      label="Start at…"
      title="Start the watch at a time in the past (startAtOperationTime): 5 minutes ago, 1 hour ago, the oldest available, or a date and time"
      @click=${() => void state.startAtTime()}
      >Start at…</vscode-toolbar-button
    >`;
  }

  static override styles = css`
    :host {
      display: inline-flex;
      flex: none;
    }
  `;
}

customElements.define('csi-start-at-button', StartAtButton);
