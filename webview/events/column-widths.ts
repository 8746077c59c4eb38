// Column widths of the event list: the defaults, the fitted widths that give the document key the room
// its text needs, and how saved widths are read back (pure, no DOM).

export const COLUMN_NAMES = ['Time', 'Operation', 'Namespace', 'Document key', 'Changes'] as const;
export const DEFAULT_COLUMNS = { time: 104, timeWithDate: 188 };
export const KEY_STEP = 16;
const MIN_WIDTH = 48;
const MAX_WIDTH = 2000;
/** The grid's column gap and the row's side padding (event-list.styles.ts). */
export const COLUMN_GAP = 8;
export const ROW_PADDING = 8;
const OP_WIDTH = 120;
/** The operation column fitted: room for "OPERATION" and "update" with its icon, at most 160 px. */
const MIN_OP = 96;
const MAX_OP = 160;
const MIN_NS = 80;
const MIN_KEY = 140;
const MIN_CHANGES = 80;
/** The changes column keeps at least this share of the flexible room, however long a key is. */
const CHANGES_SHARE = 0.2;
/** The namespace column gives way to a key up to this wide (an ObjectId key is 338 px at 14 px), not to any. */
const NS_YIELDS_TO = 360;

/** What the rows' text needs (px, measured in the rows' fonts); 0 for a column nothing was measured in. */
export interface ColumnNeeds {
  /** The operation cell: icon, label and transaction badge. */
  op: number;
  ns: number;
  key: number;
}

/** Widths for the first four columns (the last takes the rest), from the room and what the text needs. */
export interface FittedColumns {
  widths: number[];
  /** The namespace column is left out (a collection watch in a narrow panel: the heading names it). */
  hideNs: boolean;
}

/**
 * Fits the columns to a row `rowWidth` px wide: the time keeps its width, the operation gets what its
 * cells need, the document key what its text needs first (an ObjectId key is never cut while there
 * is room), the namespace what its text needs, and the changes the rest (at least 80 px and a fifth
 * of the room). When even the minimums do not fit, a collection watch drops the namespace column
 * (every row has the same one), and the key takes what is left, so no column runs past the row.
 */
export function fitColumns(
  rowWidth: number,
  timeWidth: number,
  needs: ColumnNeeds,
  nsOptional: boolean,
): FittedColumns {
  const wanted = (need: number, min: number) => Math.max(min, Math.ceil(need));
  const op = Math.min(MAX_OP, wanted(needs.op, MIN_OP));
  const flexible = (cols: number) => rowWidth - 2 * ROW_PADDING - (cols - 1) * COLUMN_GAP - timeWidth - op;
  let rest = flexible(5);
  const hideNs = nsOptional && rest < Math.min(wanted(needs.key, MIN_KEY), NS_YIELDS_TO) + MIN_NS + MIN_CHANGES;
  if (hideNs) rest = flexible(4);
  const changes = Math.max(MIN_CHANGES, Math.round(rest * CHANGES_SHARE));
  const ns = hideNs ? 0 : MIN_NS;
  // Below its minimum only when the row has no more room: then it takes what is left (at least 48 px).
  const keyFloor = Math.max(MIN_WIDTH, Math.min(MIN_KEY, rest - ns - MIN_CHANGES));
  const key = Math.max(keyFloor, Math.min(wanted(needs.key, MIN_KEY), rest - ns - changes));
  const nsWidth = hideNs ? 0 : Math.max(MIN_NS, Math.min(wanted(needs.ns, MIN_NS), rest - key - changes));
  return { widths: [timeWidth, op, nsWidth, key], hideNs };
}

/** The grid template: saved widths, else fitted ones, else defaults that give the document key the most room. */
export function columnTemplate(
  widths: readonly number[] | undefined,
  timeWidth: number,
  fitted?: FittedColumns,
): string {
  if (widths && widths.length === 4) return `${widths.map((w) => `${w}px`).join(' ')} minmax(80px, 1fr)`;
  if (fitted) {
    const [time, op, ns, key] = fitted.widths;
    return `${time}px ${op}px ${fitted.hideNs ? '' : `${ns}px `}${key}px minmax(${MIN_CHANGES}px, 1fr)`;
  }
  return `${timeWidth}px ${OP_WIDTH}px minmax(80px, 0.8fr) minmax(140px, 2.4fr) minmax(80px, 1.6fr)`;
}

/** Reads saved widths defensively (view state may come from an older version). */
export function readColumns(raw: unknown): number[] | undefined {
  if (!Array.isArray(raw) || raw.length !== 4) return undefined;
  if (!raw.every((w) => typeof w === 'number' && Number.isFinite(w))) return undefined;
  return raw.map((w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w))));
}
