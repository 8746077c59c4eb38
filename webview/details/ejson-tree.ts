// A collapsible tree of one parsed canonical-EJSON value, with BSON types shown as typed mongosh leaves
// and copy buttons for each node's value (in the chosen copy format) and dotted path. Text only.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { childPath, childrenOf, leafOf, type Json, type Leaf } from '../../src/shared/bsonText';
import { copyAs, COPY_FORMATS, type CopyFormat } from '../shared/copy-formats';
import { copyRequest } from '../shared/events';
import { baseStyles } from '../shared/theme';

/** Children rendered per container before a "show more" button; keeps huge arrays responsive. */
const CHILD_PAGE = 200;
/** Characters of a long value shown at first, and added per "show more": a 10 MB string stays responsive. */
const TEXT_PREVIEW = 1_000;
const TEXT_PAGE = 100_000;

/** Which nodes are open before the person toggles any: the first two levels, everything, or none. */
export type TreeExpansion = 'default' | 'all' | 'none';

export class EjsonTree extends LitElement {
  static override properties = {
    value: { attribute: false },
    label: {},
    format: {},
    expansion: { state: true },
    toggled: { state: true },
    limits: { state: true },
    shown: { state: true },
  };
  declare value: Json | undefined;
  declare label: string;
  declare format: CopyFormat;
  declare expansion: TreeExpansion;
  /** Paths whose expansion differs from `expansion`. */
  declare toggled: Set<string>;
  declare limits: Map<string, number>;
  /** Characters shown of each long leaf the person expanded, by path. */
  declare shown: Map<string, number>;

  constructor() {
    super();
    this.value = undefined;
    this.label = 'Event';
    this.format = 'shell';
    this.expansion = 'default';
    this.toggled = new Set();
    this.limits = new Map();
    this.shown = new Map();
  }

  /** Leaves by path for the current value: quoting a 10 MB string once, not on every toggle. */
  private leaves = new Map<string, Leaf | undefined>();

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('value')) {
      this.leaves = new Map();
      this.expansion = 'default';
      this.toggled = new Set();
      this.limits = new Map();
      this.shown = new Map();
    }
  }

  override render() {
    if (this.value === undefined) return nothing;
    const children = childrenOf(this.value);
    return html`<div role="tree" aria-label=${this.label} class="tree">
      ${children.map(([k, v]) => this.renderNode(String(k), v, childPath('', k), 0))}
    </div>`;
  }

  /** Opens (or closes) every node; the person's own toggles start over from there. */
  expandAll(open: boolean): void {
    this.expansion = open ? 'all' : 'none';
    this.toggled = new Set();
  }

  private expanded(path: string, depth: number): boolean {
    const base = this.expansion === 'default' ? depth < 2 : this.expansion === 'all';
    return base !== this.toggled.has(path);
  }

  private renderNode(key: string, value: Json, path: string, depth: number): TemplateResult {
    if (!this.leaves.has(path)) this.leaves.set(path, leafOf(value));
    const leaf = this.leaves.get(path);
    const kids = leaf ? [] : childrenOf(value);
    const open = !leaf && this.expanded(path, depth);
    const isArray = Array.isArray(value);
    const preview = leaf
      ? this.leafText(leaf.kind, leaf.copy, path)
      : html`<span class="summary"
          >${isArray ? `[ ${kids.length} item${kids.length === 1 ? '' : 's'} ]` : `{ ${kids.length} field${kids.length === 1 ? '' : 's'} }`}</span
        >`;
    const limit = this.limits.get(path) ?? CHILD_PAGE;
    return html`<div
      role="treeitem"
      aria-level=${depth + 1}
      aria-expanded=${leaf ? nothing : String(open)}
      class="item"
    >
      <div class="node" data-path=${path}>
        ${
          leaf
            ? html`<span class="twistie"></span>`
            : html`<button
                class="twistie icon-button"
                aria-label=${open ? `Collapse ${key}` : `Expand ${key}`}
                @click=${() => this.toggle(path)}
              >
                <vscode-icon name=${open ? 'chevron-down' : 'chevron-right'}></vscode-icon>
              </button>`
        }
        <span class="key">${key}</span><span class="colon">:</span>
        ${preview}
        <span class="actions">
          <button
            class="icon-button"
            title=${`Copy value as ${formatName(this.format)}`}
            aria-label=${`Copy value of ${path} as ${formatName(this.format)}`}
            data-testid="copy-value"
            @click=${() => this.copy(copyAs(value, this.format), 'value')}
          >
            <vscode-icon name="copy"></vscode-icon>
          </button>
          <button
            class="icon-button"
            title="Copy path"
            aria-label=${`Copy path ${path}`}
            @click=${() => this.copy(path, 'path')}
          >
            <vscode-icon name="symbol-field"></vscode-icon>
          </button>
        </span>
      </div>
      ${
        open
          ? html`<div role="group" class="children">
              ${kids.slice(0, limit).map(([k, v]) => this.renderNode(String(k), v, childPath(path, k), depth + 1))}
              ${
                kids.length > limit
                  ? html`<button class="more" @click=${() => this.showMore(path, limit)}>
                      Show ${Math.min(CHILD_PAGE, kids.length - limit)} more of ${kids.length - limit}
                    </button>`
                  : nothing
              }
            </div>`
          : nothing
      }
    </div>`;
  }

  /** A leaf's text, cut to a preview when long, with a button that shows the next page of it. */
  private leafText(kind: string, text: string, path: string): TemplateResult {
    const shown = this.shown.get(path) ?? TEXT_PREVIEW;
    // Once the person asked for more, the value wraps so the longer text can be read.
    const wrap = shown > TEXT_PREVIEW ? 'wrap' : '';
    if (text.length <= shown) return html`<span class="value kind-${kind} ${wrap}" title=${kind}>${text}</span>`;
    const rest = text.length - shown;
    return html`<span class="value kind-${kind} ${wrap}" title=${`${kind}, ${text.length.toLocaleString()} characters`}
        >${text.slice(0, shown)}…</span
      ><button
        class="more inline"
        data-testid="show-more-text"
        @click=${() => (this.shown = new Map(this.shown).set(path, shown + TEXT_PAGE))}
      >
        Show ${Math.min(rest, TEXT_PAGE).toLocaleString()} more of ${rest.toLocaleString()} characters
      </button>`;
  }

  private toggle(path: string): void {
    const next = new Set(this.toggled);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    this.toggled = next;
  }

  private showMore(path: string, limit: number): void {
    this.limits = new Map(this.limits).set(path, limit + CHILD_PAGE);
  }

  private copy(text: string, what: string): void {
    this.dispatchEvent(copyRequest({ text, what }));
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .tree {
        padding: 4px 0;
      }
      .node {
        display: flex;
        align-items: center;
        gap: 4px;
        min-height: 22px;
        padding-right: 8px;
        white-space: nowrap;
      }
      .node:hover {
        background: var(--vscode-list-hoverBackground);
      }
      .twistie {
        width: 22px;
        flex: none;
        display: inline-flex;
      }
      .key {
        color: var(--vscode-symbolIcon-fieldForeground, var(--vscode-foreground));
        font-weight: 600;
      }
      .colon {
        color: var(--vscode-descriptionForeground);
        margin-right: 4px;
      }
      .value,
      .summary {
        font-family: var(--vscode-editor-font-family, monospace);
        overflow: hidden;
        text-overflow: ellipsis;
        min-width: 0;
      }
      .summary {
        color: var(--vscode-descriptionForeground);
      }
      .kind-string {
        color: var(--vscode-debugTokenExpression-string, var(--vscode-foreground));
      }
      .kind-number,
      .kind-int32,
      .kind-double,
      .kind-long,
      .kind-decimal {
        color: var(--vscode-debugTokenExpression-number, var(--vscode-foreground));
      }
      .kind-boolean,
      .kind-null,
      .kind-undefined {
        color: var(--vscode-debugTokenExpression-boolean, var(--vscode-foreground));
      }
      .kind-objectId,
      .kind-date,
      .kind-uuid,
      .kind-binary,
      .kind-timestamp,
      .kind-regex {
        color: var(--vscode-debugTokenExpression-type, var(--vscode-textLink-foreground));
      }
      .actions {
        margin-left: auto;
        padding-left: 8px;
        display: inline-flex;
        gap: 2px;
        visibility: hidden;
      }
      .node:hover .actions,
      .node:focus-within .actions {
        visibility: visible;
      }
      .children {
        margin-left: 10px;
        padding-left: 8px;
        border-left: 1px solid var(--vscode-tree-indentGuidesStroke, var(--vscode-widget-border, transparent));
      }
      .more {
        margin: 2px 0 2px 26px;
        padding: 1px 6px;
        background: transparent;
        border: 1px solid var(--vscode-button-border, var(--vscode-widget-border, transparent));
        color: var(--vscode-textLink-foreground);
        font: inherit;
        cursor: pointer;
      }
      .node:has(> .value.wrap) {
        align-items: flex-start;
      }
      .value.wrap {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-height: 24em;
        overflow: auto;
      }
      .more.inline {
        margin: 0 0 0 6px;
        flex: none;
      }
    `,
  ];
}

function formatName(format: CopyFormat): string {
  return COPY_FORMATS.find((f) => f.format === format)?.label ?? format;
}

customElements.define('csi-ejson-tree', EjsonTree);
