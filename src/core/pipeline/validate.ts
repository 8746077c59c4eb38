// Checks a parsed pipeline before it is applied to a change stream: the shape MongoDB requires, the
// stages a change stream accepts, and stages that would lose the resume token (error 280 later).
import type { Document } from 'bson';
import { diagnostic, type PipelineDiagnostic } from './diagnostic';
import { isPlainDocument } from './ejsonWrappers';
import { idVerdict } from './idRules';
import { entries, lastEntry, nodeAt, type OutlineNode } from './outline';
import { parseShellText, type ParseLimits } from './parse';
import { CHANGE_STREAM_STAGES } from './stages';

export { CHANGE_STREAM_STAGES } from './stages';

/** MongoDB refuses pipelines longer than this (internalPipelineLengthLimit). */
export const MAX_STAGES = 1000;

const ALLOWED_LIST = CHANGE_STREAM_STAGES.join(', ');
const ALLOWED = new Set<string>(CHANGE_STREAM_STAGES);

export type PipelineCheck =
  { ok: true; pipeline: Document[]; warnings: PipelineDiagnostic[] } | { ok: false; diagnostics: PipelineDiagnostic[] };

/** Parses and validates pipeline text: the one call the editor and "apply" need. */
export function checkPipelineText(text: string, limits: Partial<ParseLimits> = {}): PipelineCheck {
  const parsed = parseShellText(text, limits);
  if (!parsed.ok) return { ok: false, diagnostics: [parsed.error] };
  const diagnostics = validatePipeline(text, parsed.value, parsed.outline);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { ok: false, diagnostics };
  return { ok: true, pipeline: parsed.value as Document[], warnings: diagnostics };
}

export function validatePipeline(text: string, value: unknown, outline: OutlineNode | undefined): PipelineDiagnostic[] {
  const out: PipelineDiagnostic[] = [];
  const whole = outline ?? { from: 0, to: text.length };
  for (const { entry, owner } of entries(outline)) {
    if (owner.kind !== 'object' || entry.computed) continue;
    if (owner.entries.find((e) => e.key === entry.key) === entry) continue;
    out.push(
      diagnostic(
        text,
        'DUPLICATE_KEY',
        entry.keySpan,
        `The key ${entry.key} appears twice in this document; only the last one would be kept.`,
        'Remove one of them, or combine both conditions (for several conditions on one field use $and).',
      ),
    );
  }
  if (!Array.isArray(value)) {
    const looksLikeStage = isPlainDocument(value) && Object.keys(value).some((k) => k.startsWith('$'));
    out.push(
      diagnostic(
        text,
        'NOT_AN_ARRAY',
        whole,
        'A pipeline is an array of stages, and this is not an array.',
        looksLikeStage
          ? 'Wrap the stage in square brackets: [ { $match: { ... } } ].'
          : 'Write the pipeline as [ { $match: { ... } } ], one document per stage.',
      ),
    );
    return out;
  }
  if (value.length > MAX_STAGES) {
    out.push(
      diagnostic(
        text,
        'TOO_MANY_STAGES',
        nodeAt(outline, [MAX_STAGES]) ?? whole,
        `The pipeline has ${value.length} stages; MongoDB accepts at most ${MAX_STAGES}.`,
        'Combine conditions into fewer $match stages.',
      ),
    );
    return out;
  }
  value.forEach((stage, i) => checkStage(text, outline, stage, i, value.length, out));
  return out;
}

function checkStage(
  text: string,
  outline: OutlineNode | undefined,
  stage: unknown,
  i: number,
  count: number,
  out: PipelineDiagnostic[],
): void {
  const node: OutlineNode = nodeAt(outline, [i]) ?? outline ?? { kind: 'value', from: 0, to: text.length, tokens: [] };
  const n = i + 1;
  if (!isPlainDocument(stage)) {
    out.push(
      diagnostic(
        text,
        'STAGE_NOT_DOCUMENT',
        node,
        `Stage ${n} is not a document: each stage is written { $stageName: { ... } }.`,
        'Replace it with a stage document such as { $match: { operationType: "insert" } }.',
      ),
    );
    return;
  }
  const keys = Object.keys(stage);
  const keyNode = (k: string): { from: number; to: number } =>
    (node.kind === 'object' ? lastEntry(node, k)?.keySpan : undefined) ?? node;
  if (keys.length === 0) {
    out.push(
      diagnostic(
        text,
        'STAGE_EMPTY',
        node,
        `Stage ${n} is an empty document; a stage names exactly one operator.`,
        `Add one of ${ALLOWED_LIST}, or remove the empty stage.`,
      ),
    );
    return;
  }
  if (keys.length > 1) {
    out.push(
      diagnostic(
        text,
        'STAGE_MANY_KEYS',
        keyNode(keys[1]),
        `Stage ${n} names ${keys.length} operators (${keys.join(', ')}); a stage names exactly one.`,
        `Split it into ${keys.length} stages, one per operator, in the order they should run.`,
      ),
    );
    return;
  }
  const name = keys[0];
  if (!ALLOWED.has(name)) {
    const hint = !name.startsWith('$') && ALLOWED.has(`$${name}`) ? ` Did you mean $${name}?` : '';
    out.push(
      diagnostic(
        text,
        'STAGE_NOT_ALLOWED',
        keyNode(name),
        `Stage ${n} uses ${name}, which a change stream does not accept.${hint}`,
        `Use only ${ALLOWED_LIST} in a change-stream pipeline.`,
      ),
    );
    return;
  }
  if (name === '$changeStreamSplitLargeEvent' && i !== count - 1) {
    out.push(
      diagnostic(
        text,
        'SPLIT_NOT_LAST',
        keyNode(name),
        `$changeStreamSplitLargeEvent is stage ${n} of ${count}, but it must be the last stage.`,
        'Move $changeStreamSplitLargeEvent to the end of the pipeline.',
      ),
    );
    return;
  }
  const verdict = idVerdict(name, stage[name]);
  if (verdict.kind === 'keeps') return;
  const at = nodeAt(node, verdict.path);
  const entryKey = verdict.path[verdict.path.length - 1];
  const parent = nodeAt(node, verdict.path.slice(0, -1));
  const span =
    (typeof entryKey === 'string' && parent ? lastEntry(parent, entryKey)?.keySpan : undefined) ?? at ?? keyNode(name);
  const fix =
    name === '$replaceRoot' || name === '$replaceWith'
      ? `Keep the token in the new root, for example { ${name === '$replaceRoot' ? '$replaceRoot: { newRoot:' : '$replaceWith:'} { $mergeObjects: ["$fullDocument", { _id: "$_id" }] }${name === '$replaceRoot' ? ' }' : ''} }.`
      : 'Leave _id as it is: project, set or unset other fields only (copy the token elsewhere with eventId: "$_id" if you need it).';
  const codes = {
    removes: 'ID_REMOVED',
    modifies: 'ID_MODIFIED',
    notKept: 'ID_NOT_KEPT',
    maybeNotKept: 'ID_MAYBE_NOT_KEPT',
  } as const;
  const sure = verdict.kind !== 'maybeNotKept';
  out.push(
    diagnostic(
      text,
      codes[verdict.kind],
      span,
      sure
        ? `Stage ${n} (${name}) ${verdict.what}: _id is the event's resume token, and the stream would fail with error 280 on the next event.`
        : `Stage ${n} (${name}) ${verdict.what}: if the result has no original _id, the stream fails with error 280 on the next event.`,
      fix,
      sure ? 'error' : 'warning',
    ),
  );
}
