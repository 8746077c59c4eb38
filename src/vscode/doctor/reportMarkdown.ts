// The doctor's report as Markdown for VS Code's preview. Server-provided text (names, messages) is
// escaped so it stays text; recipes go in fenced blocks, which the preview never executes.
import type { CheckId, CheckStatus, DoctorReport } from '../../core/doctor/model';

// Text symbols, not emoji: a browser without an emoji font (code-server in a bare Chromium) drew the
// emoji as empty boxes. ✓ and ✗ are in every common text font (DejaVu, Segoe UI Symbol, Apple's).
const ICON: Record<CheckStatus, string> = { ok: '✓ ok', warn: '! warn', fail: '✗ fail', unknown: '? unknown' };

/** Escapes Markdown and HTML punctuation so database content never becomes markup or links. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text}\n${f}`;
}

export function reportMarkdown(
  report: DoctorReport,
  connectionName: string,
  targetText: string,
  focus?: CheckId,
): string {
  const out: string[] = [
    `# Change-Stream Doctor: ${mdText(connectionName)}`,
    '',
    `Target: ${mdText(targetText)} · checked ${mdText(report.checkedAt)}`,
    '',
    '| Check | Status |',
    '|---|---|',
    ...report.checks.map((c) => `| [${mdText(c.title)}](#${c.id}) | ${ICON[c.status]} |`),
    '',
  ];
  // The check a failed watch asked about comes first, so the banner's link lands on it.
  const ordered = focus
    ? [...report.checks].sort((a, b) => Number(b.id === focus) - Number(a.id === focus))
    : report.checks;
  if (focus) out.push(`> Your watch failed: the **${mdText(ordered[0]?.title ?? '')}** check below explains why.`, '');
  for (const c of ordered) {
    out.push(`<a id="${c.id}"></a>`, '', `## ${ICON[c.status]} · ${mdText(c.title)}`, '', mdText(c.sentence), '');
    if (c.action) out.push(`**What to do:** ${mdText(c.action)}`, '');
    if (c.details?.length) out.push(...c.details.map((d) => `- ${mdText(d)}`), '');
    if (c.fixes?.length) {
      out.push(
        `*One-click fix available:* run **Change Streams: Apply a Doctor Fix…** (asks before changing anything).`,
        '',
      );
    }
    for (const r of c.recipes ?? []) out.push(`**Recipe: ${mdText(r.title)}**`, '', fence(r.text), '');
  }
  return out.join('\n');
}
