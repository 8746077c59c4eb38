// How each change-event operation looks: its codicon, its theme colour and a readable label.
// Colours come only from VS Code theme variables so every theme (and high contrast) stays legible.
import type { OperationType } from '../../src/shared/protocol';

export interface OpStyle {
  icon: string;
  /** A CSS colour expression built from --vscode-* variables. */
  color: string;
  label: string;
}

const DDL_COLOR = 'var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground))';

const STYLES: Record<string, OpStyle> = {
  insert: {
    icon: 'add',
    color: 'var(--vscode-charts-green, var(--vscode-gitDecoration-addedResourceForeground))',
    label: 'insert',
  },
  update: { icon: 'edit', color: 'var(--vscode-charts-blue, var(--vscode-textLink-foreground))', label: 'update' },
  replace: {
    icon: 'replace',
    color: 'var(--vscode-charts-purple, var(--vscode-textLink-foreground))',
    label: 'replace',
  },
  delete: { icon: 'trash', color: 'var(--vscode-charts-red, var(--vscode-errorForeground))', label: 'delete' },
  drop: { icon: 'close', color: 'var(--vscode-errorForeground)', label: 'drop' },
  dropDatabase: { icon: 'database', color: 'var(--vscode-errorForeground)', label: 'dropDatabase' },
  rename: {
    icon: 'rename',
    color: 'var(--vscode-charts-orange, var(--vscode-editorWarning-foreground))',
    label: 'rename',
  },
  invalidate: { icon: 'warning', color: 'var(--vscode-editorWarning-foreground)', label: 'invalidate' },
  create: { icon: 'new-file', color: DDL_COLOR, label: 'create' },
  createIndexes: { icon: 'symbol-key', color: DDL_COLOR, label: 'createIndexes' },
  dropIndexes: { icon: 'circle-slash', color: DDL_COLOR, label: 'dropIndexes' },
  modify: { icon: 'gear', color: DDL_COLOR, label: 'modify' },
  shardCollection: { icon: 'split-horizontal', color: DDL_COLOR, label: 'shardCollection' },
};

/** The display order of operation chips: data changes first, then DDL, then anything new. */
export const OP_ORDER: readonly string[] = Object.keys(STYLES);

export function opStyle(op: OperationType): OpStyle {
  // Own-property check: an op named like an Object.prototype member must not pick up a prototype value.
  return Object.prototype.hasOwnProperty.call(STYLES, op)
    ? STYLES[op]
    : { icon: 'symbol-event', color: 'var(--vscode-descriptionForeground)', label: String(op) };
}
