// Styles of the event list: a grid of fixed-height rows shared by the header and every row.
import { css } from 'lit';
import { ROW_HEIGHT } from './event-row';

export const listStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    position: relative;
  }
  .header,
  .row {
    display: grid;
    grid-template-columns: var(--csi-columns);
    column-gap: 8px;
    align-items: center;
    padding: 0 8px;
  }
  .header {
    height: ${ROW_HEIGHT}px;
    flex: none;
    color: var(--vscode-descriptionForeground);
    font-size: 11px;
    text-transform: uppercase;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    overflow: hidden;
  }
  .head-cell {
    position: relative;
    display: flex;
    align-items: center;
    min-width: 0;
    height: 100%;
  }
  .head-label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* A collection watch in a narrow panel: the namespace column is left out (the heading names it). */
  :host([hide-ns]) .ns,
  :host([hide-ns]) .head-ns {
    display: none;
  }
  .resizer {
    position: absolute;
    top: 0;
    right: -7px;
    width: 6px;
    height: 100%;
    cursor: col-resize;
    touch-action: none;
    z-index: 1;
  }
  .resizer:hover,
  .resizer:focus-visible {
    background: var(--vscode-sash-hoverBorder, var(--vscode-focusBorder));
  }
  .scroller {
    flex: 1 1 auto;
    min-height: 0;
    overflow-y: auto;
    overflow-x: hidden;
    outline-offset: -1px;
    contain: strict;
    /* The list keeps its own anchor (by seq); the browser's scroll anchoring would shift it again. */
    overflow-anchor: none;
  }
  .spacer {
    position: relative;
    contain: layout;
  }
  .window {
    position: absolute;
    inset: 0;
  }
  .slot {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    height: ${ROW_HEIGHT}px;
  }
  .row {
    width: 100%;
    height: ${ROW_HEIGHT}px;
    line-height: ${ROW_HEIGHT}px;
    cursor: default;
    white-space: nowrap;
    border: 1px solid transparent;
  }
  .row:hover {
    background: var(--vscode-list-hoverBackground);
    color: var(--vscode-list-hoverForeground, inherit);
  }
  .row.selected {
    background: var(--vscode-list-inactiveSelectionBackground);
    color: var(--vscode-list-inactiveSelectionForeground, inherit);
  }
  .scroller:focus-within .row.selected {
    background: var(--vscode-list-activeSelectionBackground);
    color: var(--vscode-list-activeSelectionForeground, inherit);
  }
  .row:focus-visible,
  .row:focus {
    outline: 1px solid var(--vscode-list-focusOutline, var(--vscode-focusBorder));
    outline-offset: -1px;
  }
  /* A transaction's consecutive rows: one bracket down their left edge, closed at both ends. */
  .row.in-txn {
    box-shadow: inset 3px 0 0 var(--vscode-charts-purple, var(--vscode-focusBorder));
  }
  .row.txn-first {
    border-top-color: var(--vscode-charts-purple, var(--vscode-focusBorder));
  }
  .row.txn-last {
    border-bottom-color: var(--vscode-charts-purple, var(--vscode-focusBorder));
  }
  .txn-badge {
    margin-left: 6px;
    padding: 0 4px;
    border-radius: 2px;
    font-size: 10px;
    line-height: 14px;
    display: inline-block;
    color: var(--vscode-badge-foreground);
    background: var(--vscode-badge-background);
    border: 1px solid var(--vscode-contrastBorder, transparent);
  }
  .txn-badge.cont {
    color: var(--vscode-descriptionForeground);
    background: none;
  }
  .row.pending {
    color: var(--vscode-descriptionForeground);
  }
  .cell {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .time {
    color: var(--vscode-descriptionForeground);
  }
  .op {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .op .codicon {
    font-size: 14px;
  }
  .changed {
    color: var(--vscode-descriptionForeground);
  }
  .selected .changed,
  .selected .time {
    color: inherit;
  }
  .empty {
    position: absolute;
    top: 40px;
    left: 0;
    right: 0;
    text-align: center;
    color: var(--vscode-descriptionForeground);
    pointer-events: none;
    padding: 0 16px;
  }
  .jump {
    position: absolute;
    right: 16px;
    bottom: 12px;
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 10px;
    border: 1px solid var(--vscode-button-border, transparent);
    border-radius: 2px;
    background: var(--vscode-button-background);
    color: var(--vscode-button-foreground);
    font: inherit;
    cursor: pointer;
  }
  .jump:hover {
    background: var(--vscode-button-hoverBackground);
  }
  .jump:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 2px;
  }
`;
