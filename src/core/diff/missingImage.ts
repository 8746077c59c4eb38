// Why an event carries no pre- or post-image, in words a person can act on: by nature (an insert
// has no before, a delete no after), not asked for, not recorded by the collection, older than the
// recording, expired — and the one that looks present but is not the image: updateLookup.
import type { Timestamp } from 'bson';
import { changeSeconds, isDocument, type ChangeRecord } from './changeRecord';

export type MissingImageCode =
  | 'insert-has-no-pre-image'
  | 'delete-has-no-post-image'
  | 'not-a-document-change'
  | 'not-requested'
  | 'collection-not-enabled'
  | 'older-than-enabling'
  | 'expired-by-retention'
  | 'document-deleted-before-lookup'
  | 'current-document-not-at-change'
  | 'unknown';

export interface MissingImage {
  code: MissingImageCode;
  message: string;
  /** What the person can do next; empty when nothing can give this image. */
  action: string;
}

/** What is known about the collection's image recording (listCollections, getClusterParameter, modify events). */
export interface ImageRecording {
  /** changeStreamPreAndPostImages.enabled today; undefined when not known. */
  enabled?: boolean;
  /** When recording was turned on (a `modify` event's clusterTime or wallTime), if known. */
  enabledAt?: Timestamp | Date;
  /** changeStreamOptions.preAndPostImages.expireAfterSeconds; 'off' keeps images as long as the oplog. */
  expireAfterSeconds?: number | 'off';
}

export interface MissingImageContext {
  recording?: ImageRecording;
  /** When the event was read (the log's receivedAt); the retention clock runs until then. */
  readAt?: Date;
}

const ENABLE =
  'Enable pre- and post-images on the collection (collMod changeStreamPreAndPostImages); only later changes get them.';

/**
 * Why `side` of the event has no image, or undefined when the image is there. For an update read
 * with updateLookup the after side is present but is the document at read time: that is reported
 * as `current-document-not-at-change`.
 */
export function whyImageMissing(
  record: ChangeRecord,
  side: 'before' | 'after',
  context: MissingImageContext = {},
): MissingImage | undefined {
  const { change } = record;
  const op = change.operationType as string;
  if (op !== 'insert' && op !== 'update' && op !== 'replace' && op !== 'delete')
    return {
      code: 'not-a-document-change',
      message: `A ${op} event is not a change to one document: it has no images.`,
      action: '',
    };
  if (side === 'before') {
    if (op === 'insert')
      return {
        code: 'insert-has-no-pre-image',
        message: 'An insert has no before: the document did not exist.',
        action: '',
      };
    if (isDocument(change.fullDocumentBeforeChange)) return undefined;
    if (record.fullDocumentBeforeChange === undefined || record.fullDocumentBeforeChange === 'off')
      return {
        code: 'not-requested',
        message: 'The watch does not ask for pre-images (fullDocumentBeforeChange is off).',
        action: 'Set fullDocumentBeforeChange to whenAvailable for this watch.',
      };
    return unrecorded(record, context, 'pre-image');
  }
  if (op === 'delete')
    return { code: 'delete-has-no-post-image', message: 'A delete has no after: the document is gone.', action: '' };
  if (op === 'insert' || op === 'replace') return undefined; // fullDocument is the new document itself
  const mode = record.fullDocument;
  if (mode === 'default' || (mode === undefined && !('fullDocument' in change)))
    return {
      code: 'not-requested',
      message: 'The watch does not ask for post-images (fullDocument is default): only the changed fields are known.',
      action: 'Set fullDocument to whenAvailable for this watch.',
    };
  if (mode === 'updateLookup' || mode === undefined) {
    if (change.fullDocument === null)
      return {
        code: 'document-deleted-before-lookup',
        message: 'updateLookup found no document: it was deleted before the event was read.',
        action: 'Use fullDocument whenAvailable with pre- and post-images enabled to keep the version of each change.',
      };
    return {
      code: 'current-document-not-at-change',
      message:
        'This is the CURRENT document (updateLookup reads it when the event is read), not the document right after this change.',
      action:
        'Use fullDocument whenAvailable with pre- and post-images enabled for the version at the time of the change.',
    };
  }
  if (isDocument(change.fullDocument)) return undefined;
  return unrecorded(record, context, 'post-image');
}

function unrecorded(record: ChangeRecord, context: MissingImageContext, what: string): MissingImage {
  const recording = context.recording ?? {};
  if (recording.enabled === false)
    return {
      code: 'collection-not-enabled',
      message: `The collection does not record images, so there is no ${what}.`,
      action: ENABLE,
    };
  const at = changeSeconds(record.change);
  const enabledAt = recording.enabledAt === undefined ? undefined : secondsOf(recording.enabledAt);
  if (at !== undefined && enabledAt !== undefined && at < enabledAt)
    return {
      code: 'older-than-enabling',
      message: `This change happened before images were enabled on the collection: it has no ${what}.`,
      action: 'Later changes will have images.',
    };
  const expire = recording.expireAfterSeconds;
  if (typeof expire === 'number' && at !== undefined && context.readAt && context.readAt.getTime() / 1000 - at > expire)
    return {
      code: 'expired-by-retention',
      message: `The ${what} expired: the event was read more than ${expire} s (the retention setting) after the change.`,
      action: 'Raise changeStreamOptions.preAndPostImages.expireAfterSeconds, or read events sooner.',
    };
  return {
    code: 'unknown',
    message: `The server had no ${what} for this change (recording was off at the time, or the image was removed with old oplog history).`,
    action: recording.enabled === undefined ? 'Check whether the collection records pre- and post-images.' : '',
  };
}

function secondsOf(t: Timestamp | Date): number {
  return t instanceof Date ? t.getTime() / 1000 : t.high;
}
