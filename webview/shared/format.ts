// Small text formatters for list rows, details and the counters (local wall-clock time, rates, counts).

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** HH:MM:SS.mmm in local time; the raw text when it is not a date. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The time of an event as the list shows it: the clock time, preceded by the date when it is not today. */
export function eventTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const clock = clockTime(iso);
  return sameDay(d, now) ? clock : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}`;
}

/** Whether eventTime() will show a date for this time. */
export function notToday(iso: string, now = new Date()): boolean {
  const d = new Date(iso);
  return !Number.isNaN(d.getTime()) && !sameDay(d, now);
}

export function rateText(rate: number): string {
  return rate >= 10 ? `${Math.round(rate)}/s` : `${rate.toFixed(1)}/s`;
}

export function countText(n: number): string {
  return n.toLocaleString('en-US');
}
