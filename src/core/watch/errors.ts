// Turns whatever the driver or server threw into a WatchError value: a stable code, a sentence for
// people, what to do next, and whether retrying can help (transient) or can never help (terminal).
import type { WatchErrorInfo } from './model';
import { redactConnectionString } from '../connections/connectionString';
import { ERROR_RULES, FALLBACK_RULE, type ErrorFacts, type WatchErrorCode } from './errorRules';
import type { WayOn } from './model';

export type { WatchErrorCode };

export interface WatchError extends WatchErrorInfo {
  code: WatchErrorCode;
  /** Where a watch stopped by this error can start instead. */
  waysOn?: readonly WayOn[];
  /** Retrying with the same token/options can never succeed: do not loop. */
  terminal: boolean;
  /** The connection or server had a passing problem: reopening from the last token may succeed. */
  transient: boolean;
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errorLabels?: unknown;
  errorLabelSet?: unknown;
}

/** Names an error by the first rule of ERROR_RULES that matches it. */
export function classifyError(err: unknown, redact: (s: string) => string = (s) => s): WatchError {
  const e: ErrorShape = typeof err === 'object' && err !== null ? (err as ErrorShape) : { message: String(err) };
  const facts: ErrorFacts = {
    name: typeof e.name === 'string' ? e.name : '',
    code: typeof e.code === 'number' ? e.code : undefined,
    raw: scrub(typeof e.message === 'string' ? e.message : String(err), redact),
    labels: errorLabels(e),
  };
  const rule = ERROR_RULES.find((r) => r.match(facts)) ?? FALLBACK_RULE;
  const out: WatchError = {
    code: rule.code,
    message: scrub(rule.message(facts), redact),
    action: scrub(rule.action, redact),
    terminal: rule.kind === 'terminal',
    transient: rule.kind === 'transient',
  };
  if (rule.waysOn) out.waysOn = rule.waysOn;
  if (facts.code !== undefined) out.serverCode = facts.code;
  return out;
}

function errorLabels(e: ErrorShape): string[] {
  if (e.errorLabelSet instanceof Set) return [...e.errorLabelSet].map(String);
  if (Array.isArray(e.errorLabels)) return e.errorLabels.map(String);
  return [];
}

/** Applies the caller's secret list, then hides any connection string the driver echoed. */
function scrub(text: string, redact: (s: string) => string): string {
  return redact(text).replace(/mongodb(\+srv)?:\/\/[^\s'",)]+/gi, (uri) => redactConnectionString(uri));
}
