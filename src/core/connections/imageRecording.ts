// Turning a collection's pre- and post-image recording on or off (collMod), and reading the
// retention (getClusterParameter changeStreamOptions), with errors a person can act on.
import type { MongoClient } from 'mongodb';

export interface ImageRetention {
  /** Seconds images are kept, 'off' (as long as the oplog), or undefined when the server would not say. */
  expireAfterSeconds?: number | 'off';
  /** Why it is not known (no privilege, a server before 6.0…). */
  unknownBecause?: string;
}

export class ImageRecordingError extends Error {
  constructor(
    readonly code: 'NOT_AUTHORIZED' | 'NOT_SUPPORTED' | 'SERVER_ERROR',
    message: string,
    readonly action: string,
    readonly serverCode?: number,
  ) {
    super(message);
  }
}

const serverCode = (e: unknown): number | undefined => {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'number' ? c : undefined;
};

/** collMod { changeStreamPreAndPostImages: { enabled } }: only later changes get images. */
export async function setImageRecording(client: MongoClient, db: string, coll: string, enabled: boolean) {
  try {
    await client.db(db).command({ collMod: coll, changeStreamPreAndPostImages: { enabled } });
  } catch (e) {
    const code = serverCode(e);
    const text = (e as Error).message;
    if (code === 13)
      throw new ImageRecordingError(
        'NOT_AUTHORIZED',
        `You are not allowed to change ${db}.${coll} (collMod): ${text}`,
        'Ask for the collMod privilege on this collection (for example the dbAdmin role on the database).',
        code,
      );
    if (code === 40415 || code === 59 || code === 72)
      throw new ImageRecordingError(
        'NOT_SUPPORTED',
        `The server does not support pre- and post-images: ${text}`,
        'Pre- and post-images need MongoDB 6.0 or later.',
        code,
      );
    throw new ImageRecordingError('SERVER_ERROR', `collMod on ${db}.${coll} failed: ${text}`, 'See the log.', code);
  }
}

/** changeStreamOptions.preAndPostImages.expireAfterSeconds, where the person may read it. */
export async function readImageRetention(client: MongoClient): Promise<ImageRetention> {
  try {
    const reply = await client.db('admin').command({ getClusterParameter: 'changeStreamOptions' });
    const params = (reply.clusterParameters ?? []) as { preAndPostImages?: { expireAfterSeconds?: unknown } }[];
    const raw = params[0]?.preAndPostImages?.expireAfterSeconds;
    if (raw === 'off') return { expireAfterSeconds: 'off' };
    const n = Number(raw);
    return Number.isFinite(n) ? { expireAfterSeconds: n } : { unknownBecause: 'the server did not report it' };
  } catch (e) {
    return {
      unknownBecause:
        serverCode(e) === 13
          ? 'you may not read cluster parameters'
          : `getClusterParameter failed (${(e as Error).message})`,
    };
  }
}

export function retentionText(r: ImageRetention): string {
  if (r.expireAfterSeconds === 'off')
    return 'Images are kept as long as the oplog keeps the change (expireAfterSeconds: off).';
  if (typeof r.expireAfterSeconds === 'number')
    return `Images are kept ${r.expireAfterSeconds} s (changeStreamOptions.preAndPostImages.expireAfterSeconds).`;
  return `The retention is not known: ${r.unknownBecause ?? 'not reported'}.`;
}
