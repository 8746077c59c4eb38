// Hostile pipeline text: huge, deeply nested, prototype keys, unterminated strings. Each must end in
// a positioned error value (never a throw, a hang or a polluted prototype).
import { strict as assert } from 'node:assert';
import { checkPipelineText, DEFAULT_LIMITS } from '../../../../src/core/pipeline';

function firstError(text: string, limits = {}): { code: string; line: number; column: number; message: string } {
  const r = checkPipelineText(text, limits);
  assert.equal(r.ok, false);
  if (r.ok) throw new Error('accepted');
  return r.diagnostics[0];
}

describe('pipeline text: hostile input', () => {
  it('caps huge text with a clear error at the first character over the cap', () => {
    const text = `[{$match: {a: "${'x'.repeat(DEFAULT_LIMITS.maxChars)}"}}]`;
    const d = firstError(text);
    assert.equal(d.code, 'TEXT_TOO_LARGE');
    assert.equal(d.column, DEFAULT_LIMITS.maxChars + 1);
    assert.match(d.message, /at most 262,144 are accepted/);
  });

  it('accepts text just under the cap', () => {
    const text = `[{$match: {a: "${'x'.repeat(1000)}"}}]`;
    assert.ok(checkPipelineText(text, { maxChars: text.length }).ok);
    assert.equal(firstError(text, { maxChars: text.length - 1 }).code, 'TEXT_TOO_LARGE');
  });

  it('caps nesting at 100 levels, pointing at the bracket that goes too deep, without overflowing the stack', () => {
    const text = '['.repeat(100000) + ']'.repeat(100000);
    assert.equal(firstError(text, { maxChars: 1e6 }).code, 'TOO_DEEP');
    const deep = `[{$match: ${'{a: '.repeat(120)}1${'}'.repeat(120)}}]`;
    const d = firstError(deep);
    assert.equal(d.code, 'TOO_DEEP');
    assert.equal(d.column, 1 + deep.indexOf('{a: ') + 4 * 98);
  });

  it('accepts nesting up to the cap', () => {
    const ok = `[{$match: ${'{a: '.repeat(97)}1${'}'.repeat(97)}}]`;
    assert.ok(checkPipelineText(ok).ok);
  });

  it('never pollutes Object.prototype, whatever the keys', () => {
    const texts = [
      '[{$match: {__proto__: {polluted: true}}}]',
      '[{$match: {"__proto__": {"polluted": true}}}]',
      '[{$match: {constructor: {prototype: {polluted: true}}}}]',
      '[{$match: {a: {"$oid": "65a5b8c0f1e2d3c4b5a69788"}, constructor: {prototype: {polluted: 1}}}}]',
    ];
    for (const t of texts) checkPipelineText(t);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('keeps constructor and prototype as plain data fields of ordinary objects', () => {
    const r = checkPipelineText('[{$match: {constructor: {prototype: 1}}}]');
    assert.ok(r.ok);
    const m = r.pipeline[0].$match as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(m), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(m, 'constructor')?.value, { prototype: 1 });
    assert.equal({}.constructor, Object);
  });

  it('reports unterminated strings where they open, on any line', () => {
    const d = firstError('[\n  {$match: {a: "ok"}},\n  {$match: {b: \'never closed}}\n]');
    assert.equal(d.code, 'SYNTAX');
    assert.deepEqual([d.line, d.column], [3, 16]);
    assert.equal(d.message, 'Unterminated string constant.');
  });

  it('does not echo the whole input back in a syntax message', () => {
    const secret = 'x'.repeat(500);
    const d = firstError(`[{$match: {a: "${secret}"} ]`);
    assert.ok(!d.message.includes(secret));
  });

  it('warns, without blocking, when a new root may drop _id', () => {
    const r = checkPipelineText('[{$replaceWith: {$cond: [true, "$$ROOT", "$fullDocument"]}}]');
    assert.ok(r.ok);
    assert.equal(r.warnings[0].code, 'ID_MAYBE_NOT_KEPT');
    assert.equal(r.warnings[0].severity, 'warning');
  });

  it('refuses more than 1000 stages, pointing at stage 1001', () => {
    const text = `[${Array.from({ length: 1001 }, () => '{$match: {}}').join(',\n')}]`;
    const d = firstError(text);
    assert.equal(d.code, 'TOO_MANY_STAGES');
    assert.equal(d.line, 1001);
  });
});
