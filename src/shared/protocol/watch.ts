// What is watched and how: the target (connection + namespace) and the change-stream options, with
// the bounds the host enforces on anything the webview sends.
import * as v from 'valibot';

export const WatchScopeSchema = v.picklist(['collection', 'database', 'deployment']);
export type WatchScope = v.InferOutput<typeof WatchScopeSchema>;

export const WatchTargetSchema = v.object({
  connectionId: v.string(),
  /** Display name of the connection (never the connection string). */
  connectionName: v.string(),
  scope: WatchScopeSchema,
  db: v.optional(v.string()),
  coll: v.optional(v.string()),
});
export type WatchTarget = v.InferOutput<typeof WatchTargetSchema>;

const FULL_DOCUMENT = ['default', 'updateLookup', 'whenAvailable', 'required'] as const;
const FULL_DOCUMENT_BEFORE = ['off', 'whenAvailable', 'required'] as const;
export type FullDocumentMode = (typeof FULL_DOCUMENT)[number];
export type FullDocumentBeforeChangeMode = (typeof FULL_DOCUMENT_BEFORE)[number];

const wholeNumber = (min: number, max: number, name: string) =>
  v.optional(
    v.pipe(
      v.number(`${name} must be a whole number from ${min} to ${max}`),
      v.integer(`${name} must be a whole number from ${min} to ${max}`),
      v.minValue(min, `${name} must be a whole number from ${min} to ${max}`),
      v.maxValue(max, `${name} must be a whole number from ${min} to ${max}`),
    ),
  );

export const WatchOptionsSchema = v.object(
  {
    fullDocument: v.picklist(FULL_DOCUMENT, `fullDocument must be one of ${FULL_DOCUMENT.join(', ')}`),
    fullDocumentBeforeChange: v.picklist(
      FULL_DOCUMENT_BEFORE,
      `fullDocumentBeforeChange must be one of ${FULL_DOCUMENT_BEFORE.join(', ')}`,
    ),
    showExpandedEvents: v.boolean('showExpandedEvents must be true or false'),
    batchSize: wholeNumber(1, 100_000, 'batchSize'),
    maxAwaitTimeMS: wholeNumber(1, 60_000, 'maxAwaitTimeMS'),
    /** Server-side filter pipeline as parsed EJSON stages (pipeline editing comes in a later issue). */
    pipeline: v.optional(v.pipe(v.array(v.unknown(), 'pipeline must be an array of stages'), v.maxLength(100))),
  },
  'options must be an object',
);
export type WatchOptions = v.InferOutput<typeof WatchOptionsSchema>;

/** Checks a WatchOptions value from an untrusted source; returns it (unknown keys dropped) or a reason. */
export function validateWatchOptions(
  input: unknown,
): { ok: true; value: WatchOptions } | { ok: false; reason: string } {
  const r = v.safeParse(WatchOptionsSchema, input);
  if (r.success) {
    // Drop keys the schema made explicit-undefined so the value round-trips as it came.
    const value = { ...r.output };
    for (const k of ['batchSize', 'maxAwaitTimeMS', 'pipeline'] as const) if (value[k] === undefined) delete value[k];
    return { ok: true, value };
  }
  return { ok: false, reason: r.issues[0]?.message ?? 'options are malformed' };
}
