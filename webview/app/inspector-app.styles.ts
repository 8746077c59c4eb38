// Layout of the whole panel: header on top, then the list, and the details below it (or beside it on
// wide panels) at the split the person chose (--csi-split, set through CSSOM).
import { css } from 'lit';

export const appStyles = css`
  :host {
    position: fixed;
    inset: 0;
    display: flex;
    flex-direction: column;
    background: var(--vscode-editor-background);
  }
  header {
    flex: none;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  }
  /* A short panel: the header (toolbar, banner, filter, chart, options, pipeline editor) scrolls
     rather than leave the list and the details a sliver; a tall one keeps 260 px for them and gives
     the header the rest, so an open editor is not scrolled away. */
  header {
    max-height: max(45%, calc(100% - 260px));
    overflow-y: auto;
  }
  main {
    flex: 1 1 auto;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  main.side {
    flex-direction: row;
  }
  csi-event-list {
    flex: 1 1 auto;
    min-height: 66px;
    min-width: 0;
  }
  main.split csi-event-list {
    flex: 0 0 var(--csi-split, 50%);
  }
  csi-event-details {
    flex: 1 1 0;
    min-height: 80px;
    min-width: 0;
  }
  main.split:not(.side) csi-event-list {
    max-height: calc(100% - 80px);
  }
  main.split.side csi-event-list {
    max-width: calc(100% - 240px);
    min-width: 240px;
  }
  .waiting {
    padding: 16px;
    color: var(--vscode-descriptionForeground);
  }
`;
