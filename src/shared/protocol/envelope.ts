// The envelope every message rides in: requests (with an id) answered by a response carrying that id
// (a result or an error), notifications, and the webview's `ready` handshake with its protocol version.
// Shapes are valibot schemas and the types are inferred from them. Valibot over zod for the webview
// bundle: it is tree-shaken per function. Measured with esbuild (minified, browser): what the webview
// uses at run time (validateWatchOptions) is 9.4 KB / 3.2 KB gzipped, every schema 11.6 KB / 4.1 KB.
// zod 4 is not installed here, so it was not measured; its object schemas carry the whole core.
import * as v from 'valibot';

export const PROTOCOL_VERSION = 1;

/** A request id or event seq: a non-negative safe integer. */
export const SeqSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** An error as a value: a stable code, a sentence for people, and what to do next. Never contains secrets. */
export const ErrorPayloadSchema = v.object({
  code: v.string(),
  message: v.string(),
  action: v.string(),
  serverCode: v.optional(v.number()),
  /** 1-based position in the text the person typed (pipeline editor). */
  line: v.optional(v.number()),
  column: v.optional(v.number()),
});
export type ErrorPayload = v.InferOutput<typeof ErrorPayloadSchema>;

export const ReadySchema = v.object({ kind: v.literal('ready'), protocol: v.number() });
export type ReadyMessage = v.InferOutput<typeof ReadySchema>;

/** The outer shape of a request; its params are checked against the method's own schema afterwards. */
export const RequestEnvelopeSchema = v.object({
  kind: v.literal('request'),
  id: SeqSchema,
  method: v.pipe(v.string(), v.maxLength(100)),
  params: v.optional(v.unknown()),
});

export const NotifyEnvelopeSchema = v.object({
  kind: v.literal('notify'),
  method: v.pipe(v.string(), v.maxLength(100)),
  params: v.optional(v.unknown()),
});

/**
 * One request method: the schema its params must pass, and (as a type only) what it answers.
 * `result` is phantom: the host builds it, so there is nothing to validate at run time.
 */
export interface RequestSpec<P extends v.GenericSchema, R> {
  params: P;
  readonly result?: R;
}
export function request<R>(): <P extends v.GenericSchema>(params: P) => RequestSpec<P, R> {
  return (params) => ({ params });
}

/** One webview-to-host notification: a params schema, or none for a bare command. */
export type NotifySpec = { params: v.GenericSchema } | { params?: undefined };

/** The host always sends `action`; it is optional in the type so older senders (test fakes) still fit. */
export type ResponseError = Omit<ErrorPayload, 'action'> & { action?: string };
export type ResponseMessage =
  { kind: 'response'; id: number; result: unknown } | { kind: 'response'; id: number; error: ResponseError };

/** Turns valibot issues into one sentence naming the field, for the error reply and the log. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'the message is malformed';
  const path = v.getDotPath(first);
  return path ? `${path}: ${first.message}` : first.message;
}
