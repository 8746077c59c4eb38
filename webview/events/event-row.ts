// One row of the event list: time, operation (colour + codicon), namespace, document key, changes.
// Every database-derived string goes through a Lit text binding, so it can only ever be text.
import { html, type TemplateResult } from 'lit';
import type { EventSummary } from '../../src/shared/protocol';
import { clockTime } from '../shared/format';
import { opStyle } from '../shared/op-styles';

export const ROW_HEIGHT = 22;

export function renderRow(s: EventSummary, selected: boolean, index: number, setSize: number): TemplateResult {
  const style = opStyle(s.op);
  const split = s.split ? ` (${s.split.fragment}/${s.split.of})` : '';
  return html`<div
    class="row ${selected ? 'selected' : ''}"
    role="option"
    id=${`row-${s.seq}`}
    data-testid="event-row"
    data-op=${s.op}
    data-seq=${String(s.seq)}
    aria-selected=${selected ? 'true' : 'false'}
    aria-posinset=${index + 1}
    aria-setsize=${setSize}
    tabindex=${selected ? '0' : '-1'}
  >
    <span class="cell time mono">${clockTime(s.time)}</span>
    <span class="cell op op-color"
      ><vscode-icon name=${style.icon} size="14"></vscode-icon><span>${style.label}${split}</span></span
    >
    <span class="cell ns" title=${s.ns}>${s.ns}</span>
    <span class="cell key mono" title=${s.key}>${s.key}</span>
    <span class="cell changed" title=${s.changed}>${s.changed}</span>
  </div>`;
}
