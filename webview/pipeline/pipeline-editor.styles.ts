// Styles of the pipeline editor: a bar of controls that wraps, the editor (resizable in height), notes.
import { css } from 'lit';

export const pipelineStyles = css`
  :host {
    display: block;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  }
  .pipeline {
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: 4px 8px 8px;
  }
  .bar,
  .save {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 6px;
  }
  .title {
    font-weight: 600;
    margin-right: 6px;
  }
  .badge {
    font-weight: normal;
    margin-left: 4px;
    color: var(--vscode-descriptionForeground);
  }
  .spacer {
    flex: 1;
  }
  select,
  input {
    font: inherit;
    color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
    background: var(--vscode-dropdown-background, var(--vscode-input-background));
    border: 1px solid var(--vscode-dropdown-border, var(--vscode-input-border, transparent));
    border-radius: 2px;
    padding: 2px 4px;
    width: 140px;
  }
  select:focus,
  input:focus {
    outline: 1px solid var(--vscode-focusBorder);
  }
  input {
    width: 220px;
  }
  .editor {
    height: 150px;
    min-height: 60px;
    max-height: 60vh;
    resize: vertical;
    overflow: hidden;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    padding: 0 2px 0 6px;
    border-radius: 8px;
    background: var(--vscode-badge-background);
    color: var(--vscode-badge-foreground);
  }
  .x {
    border: none;
    background: transparent;
    color: inherit;
    cursor: pointer;
    padding: 0 4px;
  }
  .note {
    font-size: 12px;
    color: var(--vscode-descriptionForeground);
  }
  .note.ok {
    color: var(--vscode-testing-iconPassed, var(--vscode-descriptionForeground));
  }
  .note.error {
    color: var(--vscode-errorForeground);
  }
`;
