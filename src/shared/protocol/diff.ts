// The per-event diff as it crosses the bridge: the image diff entries (or, without images, what the
// updateDescription says and any reconstruction), why images are missing, and the editor requests.
// Every value is canonical EJSON (plain JSON data, rendered as text by the webview), never HTML.
import * as v from 'valibot';
import { request, SeqSchema, type NotifySpec } from './envelope';

/** Canonical EJSON: `{"$oid": "…"}`, `{"$numberLong": "…"}`… as plain JSON. */
export type CanonicalJSON = null | boolean | string | CanonicalJSON[] | { [key: string]: CanonicalJSON };
export type DiffPath = (string | number)[];
export type DiffEntryKind = 'added' | 'removed' | 'changed' | 'moved' | 'unchanged';

export interface DiffEntryView {
  kind: DiffEntryKind;
  path: DiffPath;
  /** Full dotted path with array indexes (`items.2.qty`). */
  dotted: string;
  fromPath?: DiffPath;
  before?: CanonicalJSON;
  after?: CanonicalJSON;
  beforeType?: string;
  afterType?: string;
  typeChanged?: { before: string; after: string };
}

export interface MissingImageView {
  code: string;
  message: string;
  action: string;
}

/** Where one side of the diff came from: the event's own image, a rebuild from the buffer, or nothing. */
export type ImageSourceView =
  | { kind: 'image'; origin: string }
  | { kind: 'reconstructed'; base: { origin: string; seq?: number }; steps: number; exact: boolean; problems: string[] }
  | { kind: 'missing' };

export interface UpdateChangeView {
  kind: 'set' | 'removed' | 'truncated';
  path: DiffPath;
  dotted: string;
  after?: CanonicalJSON;
  afterType?: string;
  newSize?: number;
  ambiguous: boolean;
}

export interface EventDiff {
  seq: number;
  op: string;
  /** Whether this event has a diff at all (update / replace / delete). */
  applicable: boolean;
  /** The image options the event was read under (unknown for events logged without them). */
  read?: { fullDocument: string; fullDocumentBeforeChange: string };
  /** Before vs after, when both sides are known (delivered or reconstructed). */
  images?: {
    entries: DiffEntryView[];
    counts: Record<DiffEntryKind, number>;
    identical: boolean;
    reconstructed: boolean;
    before: ImageSourceView;
    after: ImageSourceView;
  };
  /** What the update event says by itself (always present for updates). */
  update?: { changes: UpdateChangeView[]; disambiguated: boolean };
  /** An updateLookup document: the CURRENT document when read, not the one at the change. */
  current?: CanonicalJSON;
  missing: { before?: MissingImageView; after?: MissingImageView };
}

export const diffRequests = {
  getDiff: request<EventDiff | null>()(v.object({ seq: SeqSchema })),
  /** Opens VS Code's diff editor: this event's before/after, or against another event (`withSeq`) or the previous one of the same document. */
  openDiffInEditor: request<{ opened: boolean; message?: string }>()(
    v.object({
      seq: SeqSchema,
      against: v.optional(v.picklist(['images', 'previous', 'selected'])),
    }),
  ),
  selectForCompare: request<{ selected: number }>()(v.object({ seq: SeqSchema })),
  /** Whether the watched collection records pre- and post-images (listCollections), and their retention. */
  getImageStatus: request<ImageStatusView>()(v.object({})),
  /** Runs "Enable / Disable Pre- and Post-Images" on the watched collection (modal confirmation), then re-reads. */
  setImageRecording: request<ImageStatusView>()(v.object({ enabled: v.boolean() })),
};

/** The watched collection's image recording, as the panel shows it next to what the watch asks for. */
export interface ImageStatusView {
  /** 'on' / 'off' for a collection watch; 'per-collection' for database and deployment watches; 'unknown' when it could not be read. */
  recording: 'on' | 'off' | 'per-collection' | 'unknown';
  /** Namespace the recording is about (collection watches). */
  ns?: string;
  /** One sentence on the retention (changeStreamOptions.preAndPostImages.expireAfterSeconds) or why it is unknown. */
  retention?: string;
  /** Why the recording is unknown (no connection, no privilege…). */
  reason?: string;
}

export const diffNotifications = {
  /** The event the person selected in the list: the palette's "Compare Before/After" acts on it. */
  selectionChanged: { params: v.object({ seq: v.optional(SeqSchema) }) },
} satisfies Record<string, NotifySpec>;
