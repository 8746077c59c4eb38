// CodeMirror 6 for the pipeline editor: JavaScript mode (the shell syntax is JavaScript literals),
// VS Code's colours, lint from the host's validator (debounced by @codemirror/lint), completion from
// the host's assist data (stages, operators, change-event fields). CodeMirror's style-mod mounts its
// styles as adopted stylesheets of the shadow root, which the panel's CSP (no inline styles) allows.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { PipelineAssist, PipelineDiagnosticView } from '../../src/shared/protocol';

export interface EditorHooks {
  /** The host's check of the text (validatePipeline). */
  validate(text: string): Promise<PipelineDiagnosticView[]>;
  assist(): PipelineAssist | undefined;
  apply(): void;
  changed(text: string): void;
}

export const LINT_DELAY_MS = 300;

const theme = EditorView.theme({
  '&': {
    color: 'var(--vscode-editor-foreground)',
    backgroundColor: 'var(--vscode-editor-background)',
    fontSize: 'var(--vscode-editor-font-size, 13px)',
    border: '1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent))',
    height: '100%',
  },
  '&.cm-focused': { outline: '1px solid var(--vscode-focusBorder)' },
  '.cm-scroller': { fontFamily: 'var(--vscode-editor-font-family, monospace)', lineHeight: '1.45' },
  '.cm-content': { caretColor: 'var(--vscode-editorCursor-foreground)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--vscode-editorCursor-foreground)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--vscode-editor-selectionBackground) !important',
  },
  '.cm-gutters': {
    backgroundColor: 'var(--vscode-editorGutter-background, var(--vscode-editor-background))',
    color: 'var(--vscode-editorLineNumber-foreground)',
    border: 'none',
  },
  '.cm-activeLineGutter': { color: 'var(--vscode-editorLineNumber-activeForeground)', backgroundColor: 'transparent' },
  '.cm-tooltip': {
    backgroundColor: 'var(--vscode-editorHoverWidget-background)',
    color: 'var(--vscode-editorHoverWidget-foreground)',
    border: '1px solid var(--vscode-editorHoverWidget-border)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--vscode-list-activeSelectionBackground)',
    color: 'var(--vscode-list-activeSelectionForeground)',
  },
  '.cm-completionDetail': { color: 'var(--vscode-descriptionForeground)', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--vscode-editorError-foreground)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--vscode-editorWarning-foreground)' },
  '.cm-placeholder': { color: 'var(--vscode-input-placeholderForeground)' },
});

// VS Code exposes no token colours to webviews; the debug view's token variables follow the theme.
const highlight = HighlightStyle.define([
  { tag: tags.comment, color: 'var(--vscode-descriptionForeground)', fontStyle: 'italic' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--vscode-debugTokenExpression-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--vscode-debugTokenExpression-number)' },
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--vscode-debugTokenExpression-name)' },
  { tag: [tags.keyword, tags.operator], color: 'var(--vscode-debugTokenExpression-boolean)' },
  { tag: tags.function(tags.variableName), color: 'var(--vscode-symbolIcon-functionForeground, inherit)' },
  { tag: tags.invalid, color: 'var(--vscode-debugTokenExpression-error)' },
]);

const BSON_HELPERS = [
  'ObjectId',
  'ISODate',
  'NumberDecimal',
  'NumberLong',
  'NumberInt',
  'Timestamp',
  'UUID',
  'BinData',
];

/** Quotes a dotted path as a key: fullDocument.total must be written 'fullDocument.total'. */
const quotedKey = (path: string): string => (/^[A-Za-z_$][\w$]*$/.test(path) ? path : `'${path}'`);

export function completionSource(assist: () => PipelineAssist | undefined) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const a = assist();
    if (!a) return null;
    const before = ctx.state.doc.sliceString(Math.max(0, ctx.pos - 200), ctx.pos);
    // A value of operationType: offer the event types.
    const opValue = /operationType['"]?\s*:\s*(?:\{\s*\$(?:in|nin|eq|ne)\s*:\s*\[[^\]]*)?(['"])(\w*)$/.exec(before);
    if (opValue) {
      const values = a.fields.find((f) => f.label === 'operationType')?.values ?? [];
      return {
        from: ctx.pos - opValue[2]!.length,
        options: values.map((v) => ({ label: v, type: 'enum', detail: 'operationType' })),
        validFor: /^\w*$/,
      };
    }
    const dollar = ctx.matchBefore(/\$[\w]*$/);
    if (dollar) {
      const options: Completion[] = [
        ...a.stages.map((s) => ({
          label: s.label,
          type: 'keyword',
          detail: 'stage',
          info: s.description,
          boost: 2,
        })),
        ...a.operators.map((o) => ({ label: o.label, type: 'function', detail: o.detail, info: o.description })),
      ];
      return { from: dollar.from, options, validFor: /^\$\w*$/ };
    }
    // A field path, quoted or not (fullDocument.<fields seen in recent events> included).
    const quoted = ctx.matchBefore(/(['"])[\w.$]*$/);
    if (quoted) {
      return {
        from: quoted.from + 1,
        options: a.fields.map((f) => ({ label: f.label, type: 'property', detail: f.detail, info: f.description })),
        validFor: /^[\w.$]*$/,
      };
    }
    const word = ctx.matchBefore(/[\w.]+$/);
    if (!word && !ctx.explicit) return null;
    const from = word ? word.from : ctx.pos;
    return {
      from,
      options: [
        ...a.fields.map((f) => ({
          label: f.label,
          apply: quotedKey(f.label),
          type: 'property',
          detail: f.detail,
          info: f.description,
        })),
        ...BSON_HELPERS.map((h) => ({ label: h, apply: `${h}()`, type: 'function', detail: 'BSON value' })),
      ],
      validFor: /^[\w.]*$/,
    };
  };
}

/** The host's diagnostics as CodeMirror's, clamped to the text (it may have changed meanwhile). */
export function toDiagnostics(list: readonly PipelineDiagnosticView[], length: number): Diagnostic[] {
  return list.map((d) => {
    const from = Math.min(Math.max(0, d.from), length);
    const to = Math.min(Math.max(from, d.to), length);
    return {
      from,
      to,
      severity: d.severity,
      message: `${d.message} ${d.action}`,
      source: `line ${d.line}, column ${d.column}`,
    };
  });
}

export function editorExtensions(hooks: EditorHooks): Extension[] {
  return [
    lineNumbers(),
    history(),
    bracketMatching(),
    closeBrackets(),
    indentOnInput(),
    javascript(),
    syntaxHighlighting(highlight),
    theme,
    EditorState.tabSize.of(2),
    placeholder("[ { $match: { operationType: 'insert' } } ]"),
    lintGutter(),
    linter(async (view) => toDiagnostics(await hooks.validate(view.state.doc.toString()), view.state.doc.length), {
      delay: LINT_DELAY_MS,
    }),
    autocompletion({ override: [completionSource(() => hooks.assist())], icons: false }),
    keymap.of([
      { key: 'Mod-Enter', run: () => (hooks.apply(), true), preventDefault: true },
      ...closeBracketsKeymap,
      ...completionKeymap,
      ...historyKeymap,
      indentWithTab,
      ...defaultKeymap,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.changed(u.state.doc.toString());
    }),
    EditorView.contentAttributes.of({
      'aria-label': 'Pipeline (MongoDB shell syntax)',
      'data-testid': 'pipeline-text',
    }),
  ];
}
