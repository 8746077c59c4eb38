// The doctor's report: one check per set-up concern, each with a status, a sentence, what to do,
// and either a safe fix the extension may apply (after confirmation) or a recipe to copy.
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'unknown';

export type CheckId = 'topology' | 'version' | 'service' | 'privileges' | 'images' | 'oplogWindow' | 'bookmarks';

export interface Recipe {
  title: string;
  /** Shell or config text to copy; never carries credentials. */
  text: string;
}

/** A fix the extension can apply itself: only changes that lose no data and are easy to undo. */
export interface EnableImagesFix {
  kind: 'enableImages';
  db: string;
  coll: string;
}
export type SafeFix = EnableImagesFix;

export interface DoctorCheck {
  id: CheckId;
  title: string;
  status: CheckStatus;
  sentence: string;
  action?: string;
  details?: string[];
  recipes?: Recipe[];
  fixes?: SafeFix[];
}

/** What the doctor examines: a collection, a database, or the whole deployment. */
export interface DoctorTarget {
  db?: string;
  coll?: string;
}

export interface DoctorReport {
  checkedAt: string;
  target: DoctorTarget;
  checks: DoctorCheck[];
}

/** The worst status wins a summary; unknown ranks below warn so a missing fact never hides a failure. */
export function worstStatus(checks: readonly DoctorCheck[]): CheckStatus {
  const rank: Record<CheckStatus, number> = { ok: 0, unknown: 1, warn: 2, fail: 3 };
  return checks.reduce<CheckStatus>((w, c) => (rank[c.status] > rank[w] ? c.status : w), 'ok');
}
