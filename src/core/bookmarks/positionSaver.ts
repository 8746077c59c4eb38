// Follow mode: keep a watch's latest token saved, at most once every `intervalMs` and always on
// dispose, so a watch reopened after a reload or crash continues where it stopped.
import * as v from 'valibot';
import { storedToken, pipelineText } from './bookmark';
import { TokenSchema, type StoredToken } from './schema';
import type { KeyValueStorage } from './store';

export interface SaverClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SaverClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

const SavedPositionSchema = v.object({
  token: TokenSchema,
  savedAt: v.number(),
  /** Canonical text of the pipeline the token was read with: a token is only valid with it. */
  pipeline: v.string(),
});
export type SavedPosition = v.InferOutput<typeof SavedPositionSchema>;

/** One storage key per followed watch (the pipeline is kept in the value, to check on reopen). */
export function followKey(connectionId: string, namespace: string): string {
  return `csi.follow.${connectionId}.${namespace}`;
}

/** The saved position, if any and readable. */
export function loadPosition(storage: KeyValueStorage, key: string): SavedPosition | undefined {
  const parsed = v.safeParse(SavedPositionSchema, storage.get<unknown>(key));
  return parsed.success ? parsed.output : undefined;
}

export class PositionSaver {
  private pending: StoredToken | undefined;
  private lastSaveAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private disposed = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly pipeline: string;
  /** Saves done (for the status line and tests). */
  saves = 0;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
    pipeline: readonly unknown[],
    private readonly intervalMs: number,
    private readonly clock: SaverClock = systemClock,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.pipeline = pipelineText(pipeline);
  }

  /** The latest token of the watch (an event's `_id` or the postBatchResumeToken). */
  record(token: unknown): void {
    if (this.disposed) return;
    try {
      this.pending = storedToken(token);
    } catch (err) {
      this.onError(err); // a watch must never stop because one value was not a token
      return;
    }
    const wait = this.lastSaveAt + this.intervalMs - this.clock.now();
    if (wait <= 0) this.flushNow();
    else
      this.timer ??= this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flushNow();
      }, wait);
  }

  /** Saves what is pending now; resolves when storage has it. */
  flush(): Promise<void> {
    this.flushNow();
    return this.writing;
  }

  /** Stops throttling and saves the last token, so nothing seen is lost. */
  async dispose(): Promise<void> {
    if (this.disposed) return this.writing;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    this.disposed = true;
  }

  /** Forget the saved position (follow mode turned off). */
  async clear(): Promise<void> {
    this.pending = undefined;
    await this.writing;
    await this.storage.update(this.key, undefined);
  }

  private flushNow(): void {
    const token = this.pending;
    if (token === undefined) return;
    this.pending = undefined;
    this.lastSaveAt = this.clock.now();
    const value: SavedPosition = { token, savedAt: this.lastSaveAt, pipeline: this.pipeline };
    this.saves++;
    // Writes are chained so an older token can never land after a newer one.
    this.writing = this.writing.then(() => this.storage.update(this.key, value)).catch(this.onError);
  }
}
