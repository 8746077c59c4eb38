// Column widths of the event list: the defaults and how saved widths are read back (pure, no DOM).

export const COLUMN_NAMES = ['Time', 'Operation', 'Namespace', 'Document key', 'Changes'] as const;
export const DEFAULT_COLUMNS = { time: 104, timeWithDate: 188 };
export const KEY_STEP = 16;
const MIN_WIDTH = 48;
const MAX_WIDTH = 2000;

/** The grid template: saved widths, else defaults that give the document key the most room. */
export function columnTemplate(widths: readonly number[] | undefined, timeWidth: number): string {
  if (widths && widths.length === 4) return `${widths.map((w) => `${w}px`).join(' ')} minmax(80px, 1fr)`;
  return `${timeWidth}px 120px minmax(80px, 0.8fr) minmax(140px, 2.4fr) minmax(80px, 1.6fr)`;
}

/** Reads saved widths defensively (view state may come from an older version). */
export function readColumns(raw: unknown): number[] | undefined {
  if (!Array.isArray(raw) || raw.length !== 4) return undefined;
  if (!raw.every((w) => typeof w === 'number' && Number.isFinite(w))) return undefined;
  return raw.map((w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w))));
}
