// Styles of the Diff section: theme colours for added / removed / changed, one line per entry.
import { css } from 'lit';

export const diffStyles = css`
  .diff {
    border-bottom: 1px solid var(--vscode-panel-border, transparent);
    padding: 4px 8px;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 10px;
  }
  .title {
    font-weight: 600;
  }
  .spacer {
    flex: 1;
  }
  .meta {
    opacity: 0.8;
  }
  .badge {
    border: 1px solid currentColor;
    border-radius: 3px;
    padding: 0 4px;
    font-size: 0.9em;
  }
  .warn {
    color: var(--vscode-editorWarning-foreground, orange);
  }
  .entries {
    list-style: none;
    margin: 4px 0;
    padding: 0;
  }
  .entry {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: baseline;
    padding: 1px 0;
  }
  .sign {
    width: 1em;
    text-align: center;
    font-weight: 700;
  }
  .added .sign,
  .new {
    color: var(--vscode-gitDecoration-addedResourceForeground, green);
  }
  .removed .sign,
  .removed .old {
    color: var(--vscode-gitDecoration-deletedResourceForeground, red);
  }
  .changed .sign,
  .moved .sign {
    color: var(--vscode-gitDecoration-modifiedResourceForeground, orange);
  }
  .changed .old {
    text-decoration: line-through;
    opacity: 0.8;
  }
  .unchanged {
    opacity: 0.7;
  }
  .path {
    font-weight: 600;
  }
  .link {
    background: none;
    border: none;
    color: var(--vscode-textLink-foreground);
    cursor: pointer;
    padding: 0;
  }
  .missing {
    margin: 4px 0;
    color: var(--vscode-descriptionForeground);
  }
  .why {
    color: var(--vscode-editorWarning-foreground, orange);
  }
  .error {
    color: var(--vscode-errorForeground);
  }
  pre {
    margin: 2px 0;
    white-space: pre-wrap;
  }
`;
