// One row of the event list: time, operation (colour + codicon), namespace, document key, changes.
// Every database-derived string goes through a Lit text binding, so it can only ever be text. The icon is
// a codicon glyph (the list links the codicon stylesheet once), not a <vscode-icon> element per row:
// a row entering the window then costs one template clone, not a custom element with its own shadow root.
import { html, nothing, type TemplateResult } from 'lit';
import type { EventSummary } from '../../src/shared/protocol';
import { eventTime } from '../shared/format';
import { opStyle } from '../shared/op-styles';

export const ROW_HEIGHT = 22;

export interface RowPlace {
  seq: number;
  /** 1-based position in the list and the list's size, for screen readers. */
  pos: number;
  size: number;
  selected: boolean;
  now: Date;
  /** Where the row sits in its transaction's run of consecutive rows (same lsid + txnNumber). */
  txn?: TxnPlace;
}

export interface TxnPlace {
  first: boolean;
  last: boolean;
  /** Events of the run (counted on the first row, from the rows the webview holds). */
  size?: number;
}

/** "lsid ab12cd… txn 3 · N events · committed at clusterTime t:i", for the badge's tooltip. */
export function txnTitle(s: EventSummary, size?: number): string {
  const t = s.txn;
  if (!t) return '';
  const [lsid = '', txnNumber = ''] = t.key.split(':');
  const n = size ? ` · ${size} event${size === 1 ? '' : 's'} in this run` : '';
  return `Transaction: lsid ${lsid.slice(0, 12)}…, txnNumber ${txnNumber}${n} · committed at clusterTime ${t.t}:${t.i}`;
}

/** A row; `s` is undefined while its page is on the way from the host (the seq is known already). */
export function renderRow(s: EventSummary | undefined, at: RowPlace): TemplateResult {
  const style = s ? opStyle(s.op) : undefined;
  const split = s?.split ? ` (${s.split.fragment}/${s.split.of})` : '';
  return html`<div
    class="row ${at.selected ? 'selected' : ''} ${s ? '' : 'pending'} ${txnClass(at.txn)}"
    role="option"
    id=${`row-${at.seq}`}
    data-testid="event-row"
    data-op=${s?.op ?? nothing}
    data-seq=${String(at.seq)}
    data-txn=${s?.txn?.key ?? nothing}
    aria-selected=${at.selected ? 'true' : 'false'}
    aria-posinset=${at.pos}
    aria-setsize=${at.size}
    aria-busy=${s ? 'false' : 'true'}
    tabindex=${at.selected ? '0' : '-1'}
  >
    <span class="cell time mono">${s ? eventTime(s.time, at.now) : '…'}</span>
    <span class="cell op op-color"
      ><span class="codicon codicon-${style?.icon ?? 'loading'}" aria-hidden="true"></span
      ><span>${style ? style.label + split : ''}</span>${s?.txn ? txnBadge(s, at.txn) : nothing}</span
    >
    <span class="cell ns" title=${s?.ns ?? ''}>${s?.ns ?? ''}</span>
    <span class="cell key mono" title=${s?.key ?? ''}>${s?.key ?? ''}</span>
    <span class="cell changed" title=${s?.changed ?? ''}>${s?.changed ?? ''}</span>
  </div>`;
}

function txnClass(t: TxnPlace | undefined): string {
  if (!t) return '';
  return `in-txn${t.first ? ' txn-first' : ''}${t.last ? ' txn-last' : ''}`;
}

function txnBadge(s: EventSummary, t: TxnPlace | undefined): TemplateResult {
  const title = txnTitle(s, t?.size);
  return t?.first
    ? html`<span class="txn-badge" data-testid="txn-badge" title=${title}
        >txn${t.size && t.size > 1 ? ` ×${t.size}` : ''}</span
      >`
    : html`<span class="txn-badge cont" title=${title} aria-label="same transaction">txn</span>`;
}
