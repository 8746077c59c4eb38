// Styles of the options form: fields wrap onto as many lines as the panel needs.
import { css } from 'lit';

export const optionsStyles = css`
  :host {
    display: block;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  }
  .form {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
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
  .field > span.hint {
    font-size: 11px;
    max-width: 280px;
    white-space: normal;
    line-height: 1.35;
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
`;
