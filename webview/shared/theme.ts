// Styles shared by the inspector's components: VS Code theme variables only, visible focus rings,
// and the per-operation colours (built from op-styles constants, never from database content).
import { css, unsafeCSS } from 'lit';
import { OP_ORDER, opStyle } from './op-styles';

export const baseStyles = css`
  :host {
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    color: var(--vscode-foreground);
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  .mono {
    font-family: var(--vscode-editor-font-family, monospace);
    font-size: var(--vscode-editor-font-size, var(--vscode-font-size));
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 22px;
    height: 22px;
    padding: 0 3px;
    border: 1px solid transparent;
    border-radius: 5px;
    background: transparent;
    color: var(--vscode-icon-foreground, var(--vscode-foreground));
    cursor: pointer;
    font: inherit;
  }
  .icon-button:hover {
    background: var(--vscode-toolbar-hoverBackground);
    outline: 1px dashed var(--vscode-contrastActiveBorder, transparent);
  }
  .icon-button:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
  }
`;

// One rule per known operation; unknown operations fall back to the description colour.
export const opColors = unsafeCSS(
  '[data-op] .op-color { color: var(--vscode-descriptionForeground); }\n' +
    OP_ORDER.map((op) => `[data-op="${op}"] .op-color { color: ${opStyle(op).color}; }`).join('\n'),
);
