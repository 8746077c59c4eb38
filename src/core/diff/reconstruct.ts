// The before and after of one change event, each from the best source there is: the event's own
// images, else rebuilt from an earlier full version of the document in the buffer plus the
// updateDescriptions since — labelled `reconstructed` — else missing, with the reason.
import type { Document } from 'bson';
import { toCanonical, type CanonicalDocument } from './canonical';
import { documentIdentity, isDocument, type ChangeRecord } from './changeRecord';
import { whyImageMissing, type MissingImage, type MissingImageContext } from './missingImage';
import { applyUpdate } from './updateDescription';

/** Where a known version of the document came from. */
export type VersionOrigin =
  | 'insert' // an insert's fullDocument
  | 'replace' // a replace's fullDocument (the replacement)
  | 'post-image' // a stored post-image (fullDocument whenAvailable/required)
  | 'pre-image' // a stored pre-image (fullDocumentBeforeChange)
  | 'current-document'; // an updateLookup fullDocument: the document when read, not at the change

export type ImageSource =
  | { kind: 'image'; origin: VersionOrigin }
  | {
      kind: 'reconstructed';
      /** The earlier full version it was rebuilt from, and the event that carried it. */
      base: { origin: VersionOrigin; seq?: number };
      /** updateDescriptions (and replacements) applied on top of the base. */
      steps: number;
      /**
       * False when the base was an updateLookup document (it may already hold later changes) or a
       * step did not fit. Every rebuild also assumes the buffer holds every change to the document
       * since the base (a $match in the watch's pipeline or eviction can hide some).
       */
      exact: boolean;
      problems: string[];
    }
  | { kind: 'missing' };

export interface ImageSide {
  /** Canonical EJSON, or null when not known (or, after a delete, gone). */
  document: CanonicalDocument | null;
  source: ImageSource;
  /** Why the event carries no real image on this side (also set when reconstructed, or for updateLookup). */
  missing?: MissingImage;
}

export interface ImagePair {
  before: ImageSide;
  after: ImageSide;
  /** True when either side was rebuilt rather than delivered: the UI labels the diff "reconstructed". */
  reconstructed: boolean;
  /** The updateLookup document of this event, when it has one (shown apart: it is not the after). */
  current?: CanonicalDocument | null;
}

interface KnownVersion {
  document: CanonicalDocument | null;
  origin: VersionOrigin;
  seq?: number;
  exact: boolean;
}

const storedPostImage = (r: ChangeRecord): boolean =>
  r.fullDocument === 'whenAvailable' || r.fullDocument === 'required';

/** The document's version right after `r`, when `r` alone tells it. */
function versionAfter(r: ChangeRecord): KnownVersion | undefined {
  const c = r.change;
  const seq = r.seq;
  switch (c.operationType) {
    case 'insert':
    case 'replace':
      return isDocument(c.fullDocument)
        ? { document: toCanonical(c.fullDocument), origin: c.operationType, seq, exact: true }
        : undefined;
    case 'update': {
      if (isDocument(c.fullDocument) && storedPostImage(r))
        return { document: toCanonical(c.fullDocument), origin: 'post-image', seq, exact: true };
      if (isDocument(c.fullDocumentBeforeChange) && c.updateDescription) {
        const applied = applyUpdate(toCanonical(c.fullDocumentBeforeChange), c.updateDescription);
        if (applied.problems.length === 0) return { document: applied.document, origin: 'pre-image', seq, exact: true };
      }
      if (isDocument(c.fullDocument))
        return { document: toCanonical(c.fullDocument), origin: 'current-document', seq, exact: false };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Moves a known version forward over one later change of the same document. */
function step(doc: CanonicalDocument | null, r: ChangeRecord, problems: string[]): CanonicalDocument | null {
  const c = r.change;
  if (c.operationType === 'delete') return null;
  if ((c.operationType === 'insert' || c.operationType === 'replace') && isDocument(c.fullDocument))
    return toCanonical(c.fullDocument);
  if (c.operationType === 'update' && doc && c.updateDescription) {
    const applied = applyUpdate(doc, c.updateDescription as Document);
    problems.push(...applied.problems);
    return applied.document;
  }
  problems.push(`event ${r.seq ?? '?'} (${String(c.operationType)}) could not be applied`);
  return doc;
}

/**
 * The version of the document just before `target`, rebuilt from `history` (earlier records of
 * the buffer, oldest first; other documents are skipped). Prefers the nearest exact version.
 */
function rebuildBefore(target: ChangeRecord, history: readonly ChangeRecord[]): ImageSide | undefined {
  const id = documentIdentity(target.change);
  if (id === undefined) return undefined;
  const same = history.filter((r) => documentIdentity(r.change) === id);
  let baseIndex = -1;
  let base: KnownVersion | undefined;
  for (let i = same.length - 1; i >= 0; i--) {
    const v = versionAfter(same[i]!);
    if (!v) continue;
    if (v.exact) {
      [baseIndex, base] = [i, v];
      break;
    }
    if (!base) [baseIndex, base] = [i, v];
  }
  if (!base) return undefined;
  const problems: string[] = [];
  let doc = base.document;
  const later = same.slice(baseIndex + 1);
  for (const r of later) doc = step(doc, r, problems);
  if (doc === null) return undefined; // deleted in between and not re-inserted: nothing to show
  return {
    document: doc,
    source: {
      kind: 'reconstructed',
      base: { origin: base.origin, seq: base.seq },
      steps: later.length,
      exact: base.exact && problems.length === 0,
      problems,
    },
  };
}

/**
 * Before and after of `target`. `history` is what the buffer holds before it (oldest first, any
 * documents); `context` sharpens the reasons given for missing images.
 */
export function imagesOf(
  target: ChangeRecord,
  history: readonly ChangeRecord[] = [],
  context?: MissingImageContext,
): ImagePair {
  const c = target.change;
  const missingBefore = whyImageMissing(target, 'before', context);
  const missingAfter = whyImageMissing(target, 'after', context);
  const op = c.operationType;

  let before: ImageSide;
  if (!missingBefore)
    before = {
      document: toCanonical(c.fullDocumentBeforeChange as Document),
      source: { kind: 'image', origin: 'pre-image' },
    };
  else if (op === 'insert' || missingBefore.code === 'not-a-document-change')
    before = { document: null, source: { kind: 'missing' }, missing: missingBefore };
  else
    before = {
      ...(rebuildBefore(target, history) ?? { document: null, source: { kind: 'missing' } }),
      missing: missingBefore,
    };

  let after: ImageSide;
  const current =
    op === 'update' && missingAfter?.code === 'current-document-not-at-change'
      ? toCanonical(c.fullDocument as Document)
      : undefined;
  if (!missingAfter) {
    const origin = op === 'insert' ? 'insert' : op === 'replace' ? 'replace' : 'post-image';
    after = { document: toCanonical(c.fullDocument as Document), source: { kind: 'image', origin } };
  } else if (op === 'update' && before.document && c.updateDescription) {
    const applied = applyUpdate(before.document, c.updateDescription as Document);
    const beforeSource = before.source;
    const base =
      beforeSource.kind === 'reconstructed' ? beforeSource.base : { origin: 'pre-image' as const, seq: target.seq };
    const exact =
      (beforeSource.kind === 'image' || (beforeSource.kind === 'reconstructed' && beforeSource.exact)) &&
      applied.problems.length === 0;
    const priorSteps = beforeSource.kind === 'reconstructed' ? beforeSource.steps : 0;
    const priorProblems = beforeSource.kind === 'reconstructed' ? beforeSource.problems : [];
    after = {
      document: applied.document,
      source: {
        kind: 'reconstructed',
        base,
        steps: priorSteps + 1,
        exact,
        problems: [...priorProblems, ...applied.problems],
      },
      missing: missingAfter,
    };
  } else if (current !== undefined) {
    after = { document: current, source: { kind: 'image', origin: 'current-document' }, missing: missingAfter };
  } else after = { document: null, source: { kind: 'missing' }, missing: missingAfter };

  const pair: ImagePair = {
    before,
    after,
    reconstructed: before.source.kind === 'reconstructed' || after.source.kind === 'reconstructed',
  };
  if (current !== undefined) pair.current = current;
  else if (op === 'update' && missingAfter?.code === 'document-deleted-before-lookup') pair.current = null;
  return pair;
}
