// Styles of the details pane. The header wraps instead of overlapping: its actions never shrink, the
// event's description gives way (ellipsis), and the button labels hide when the pane is narrow.
import { css } from 'lit';

export const detailsStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    min-width: 0;
    container-type: inline-size;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 10px;
    padding: 2px 8px;
    min-height: 30px;
    flex: none;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    background: var(--vscode-sideBarSectionHeader-background, transparent);
  }
  .what {
    display: flex;
    align-items: center;
    gap: 10px;
    flex: 1 1 460px;
    min-width: 0;
    white-space: nowrap;
    overflow: hidden;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: 2px;
    flex: none;
    margin-left: auto;
  }
  .title {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-weight: 600;
    flex: none;
  }
  .meta {
    color: var(--vscode-descriptionForeground);
    overflow: hidden;
    text-overflow: ellipsis;
    min-width: 0;
    flex: 0 1 auto;
  }
  .key {
    flex: 1 1 auto;
  }
  /* The box clips (overflow: hidden): room below the baseline, or the underscore of "_id" vanishes. */
  .meta {
    line-height: 20px;
  }
  .format {
    width: 150px;
    margin-right: 4px;
  }
  .icon-button {
    gap: 4px;
  }
  .label {
    font-size: 12px;
  }
  @container (max-width: 560px) {
    .label {
      display: none;
    }
    .format {
      width: 120px;
    }
  }
  .body {
    flex: 1;
    overflow: auto;
    padding: 0 8px;
  }
  .note {
    padding: 8px 4px;
    color: var(--vscode-descriptionForeground);
  }
  .error {
    color: var(--vscode-errorForeground);
  }
  pre {
    white-space: pre-wrap;
    word-break: break-all;
  }
`;
