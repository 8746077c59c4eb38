// The one message contract between the extension host and the inspector webview, gathered from one
// file per feature. Imported by both sides: no 'vscode', no driver, no DOM. A feature adds its
// requests to `requestSpecs` (and a handler on the host, a call in the webview): nothing else.
import * as v from 'valibot';
import {
  describeIssues,
  NotifyEnvelopeSchema,
  ReadySchema,
  RequestEnvelopeSchema,
  type ErrorPayload,
  type NotifySpec,
  type ReadyMessage,
  type RequestSpec,
  type ResponseMessage,
} from './envelope';
import { eventRequests, type AppendedParams, type OperationCounts } from './events';
import { controlNotifications, watchRequests, type PanelSnapshot } from './panel';
import { insightNotifications, insightRequests } from './insight';
import type { SessionStatus } from './status';
import type { WatchOptions } from './watch';
import { recordingRequests } from './recording';
import { filterRequests } from './filter';
import { pipelineRequests, type PipelineTextNotice } from './pipeline';
// bookmarks (issue 9)
import { bookmarkRequests, type BookmarksParams } from './bookmarks';
import { diffNotifications, diffRequests } from './diff';

export * from './envelope';
export * from './events';
export * from './panel';
export * from './status';
export * from './watch';
// diff (issue 8)
export * from './diff';
export * from './insight';
export * from './recording';
// quick filter (issue 7)
export * from './filter';
// pipeline editing (issue 7)
export * from './pipeline';
// bookmarks (issue 9)
export * from './bookmarks';

// ---------------------------------------------------------------- webview -> host

export const requestSpecs = {
  ...eventRequests,
  ...watchRequests,
  ...diffRequests,
  ...insightRequests,
  ...recordingRequests,
  ...filterRequests,
  ...pipelineRequests,
  ...bookmarkRequests,
};
export const notifySpecs = { ...controlNotifications, ...insightNotifications, ...diffNotifications } satisfies Record<
  string,
  NotifySpec
>;

type Specs = typeof requestSpecs;
type ResultOf<S> = S extends RequestSpec<v.GenericSchema, infer R> ? R : never;

/** Requests are answered by a HostResponse with the same id. */
export type RequestMap = {
  [M in keyof Specs]: { params: v.InferOutput<Specs[M]['params']>; result: ResultOf<Specs[M]> };
};
export type RequestMethod = keyof RequestMap;

export type WebviewRequest = {
  [M in RequestMethod]: { kind: 'request'; id: number; method: M; params: RequestMap[M]['params'] };
}[RequestMethod];

type Notifies = typeof notifySpecs;
export type NotifyMethod = keyof Notifies;
export type NotifyParams<M extends NotifyMethod> = Notifies[M] extends { params: v.GenericSchema }
  ? v.InferOutput<Notifies[M]['params']>
  : undefined;

export type WebviewNotification =
  | ReadyMessage
  | {
      [M in NotifyMethod]: NotifyParams<M> extends undefined
        ? { kind: 'notify'; method: M }
        : { kind: 'notify'; method: M; params: NotifyParams<M> };
    }[NotifyMethod];

export type WebviewToHost = WebviewRequest | WebviewNotification;

// ---------------------------------------------------------------- host -> webview

export interface HostNotificationMap {
  snapshot: PanelSnapshot;
  appended: AppendedParams;
  status: SessionStatus;
  options: WatchOptions;
  cleared: { firstSeq: number; lastSeq: number };
  pipelineText: PipelineTextNotice;
  /** bookmarks (issue 9): the panel's bookmarks changed (added, renamed, deleted, moved). */
  bookmarks: BookmarksParams;
}
export type HostNotification = {
  [M in keyof HostNotificationMap]: { kind: 'notify'; method: M; params: HostNotificationMap[M] };
}[keyof HostNotificationMap];

export type HostResponse = ResponseMessage;
export type HostToWebview = HostNotification | HostResponse;
export type { OperationCounts };

// ---------------------------------------------------------------- validation (host side trusts nothing)

/** What the host makes of a raw message: a checked message, or why not (with the request id if it had one). */
export type CheckedMessage = { ok: true; message: WebviewToHost } | { ok: false; id?: number; error: ErrorPayload };

const BAD_REQUEST_ACTION = 'Reload the panel (Developer: Reload Webviews); if it persists, report it with the log.';

function rejected(reason: string, id?: number): CheckedMessage {
  const error: ErrorPayload = { code: 'BAD_REQUEST', message: `The panel sent ${reason}.`, action: BAD_REQUEST_ACTION };
  return id === undefined ? { ok: false, error } : { ok: false, id, error };
}

/** Checks a message posted by the webview against the schemas (shape and bounds). */
export function checkWebviewMessage(raw: unknown): CheckedMessage {
  const ready = v.safeParse(ReadySchema, raw);
  if (ready.success) return { ok: true, message: ready.output };
  const req = v.safeParse(RequestEnvelopeSchema, raw);
  if (req.success) {
    const { id, method, params } = req.output;
    if (!Object.hasOwn(requestSpecs, method)) return rejected(`an unknown request "${method}"`, id);
    const spec = requestSpecs[method as RequestMethod];
    const p = v.safeParse(spec.params, params);
    if (!p.success) return rejected(`a malformed ${method} request (${describeIssues(p.issues)})`, id);
    return { ok: true, message: { kind: 'request', id, method, params: p.output } as WebviewRequest };
  }
  // A request whose id alone is readable still gets its error reply, so the webview need not time out.
  const id = (raw as { kind?: unknown; id?: unknown } | null)?.id;
  if ((raw as { kind?: unknown } | null)?.kind === 'request' && v.is(RequestEnvelopeSchema.entries.id, id)) {
    return rejected('a malformed request', id);
  }
  const note = v.safeParse(NotifyEnvelopeSchema, raw);
  if (note.success) {
    const { method, params } = note.output;
    if (!Object.hasOwn(notifySpecs, method)) return rejected(`an unknown notification "${method}"`);
    const spec: NotifySpec = notifySpecs[method as NotifyMethod];
    if (!spec.params) return { ok: true, message: { kind: 'notify', method } as WebviewNotification };
    const p = v.safeParse(spec.params, params);
    if (!p.success) return rejected(`a malformed ${method} notification (${describeIssues(p.issues)})`);
    return { ok: true, message: { kind: 'notify', method, params: p.output } as WebviewNotification };
  }
  return rejected('a message of no known kind');
}

/** Parses a message posted by the webview. Returns undefined for anything malformed or out of bounds. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  const r = checkWebviewMessage(raw);
  return r.ok ? r.message : undefined;
}
