// Greps everything the extension puts out for a planted secret, in every form it could take there:
// as is, URL-encoded (in a connection string), JSON-escaped (in a message or a file), base64 (in a
// binary or a header). A feature that writes something new adds one more entry to the sources.
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';

/** A password that cannot occur by chance, with characters that URL-encoding and JSON change. */
export const PLANTED_PASSWORD = 'Pl4nted/S3cr3t:p@ss"w0rd';

/** Where the secret was found and a short excerpt around it. */
export interface SecretHit {
  source: string;
  form: string;
  excerpt: string;
}

export function secretForms(secret: string): Record<string, string> {
  const forms: Record<string, string> = {
    raw: secret,
    urlEncoded: encodeURIComponent(secret),
    jsonEscaped: JSON.stringify(secret).slice(1, -1),
    base64: Buffer.from(secret).toString('base64'),
  };
  // A long enough middle part catches a secret cut by truncation ("…") or wrapped across lines.
  if (secret.length >= 16) forms.middle = secret.slice(4, -4);
  return forms;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return inspect(value, { depth: 20 });
  }
}

/** Every hit of the secret in the sources (name → text, object, list of lines, or buffer). */
export function grepSecret(sources: Record<string, unknown>, secret = PLANTED_PASSWORD): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const [source, value] of Object.entries(sources)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const text = asText(item);
      for (const [form, needle] of Object.entries(secretForms(secret))) {
        const at = text.indexOf(needle);
        if (at >= 0) hits.push({ source, form, excerpt: text.slice(Math.max(0, at - 40), at + needle.length + 40) });
      }
    }
  }
  return hits;
}

/**
 * Fails listing every leak. `mustMention` names a string each source must hold (e.g. the connection's
 * name), so an empty source (a feature that wrote nothing) cannot pass the grep by accident.
 */
export function assertNoSecret(
  sources: Record<string, unknown>,
  mustMention?: string,
  secret = PLANTED_PASSWORD,
): void {
  const hits = grepSecret(sources, secret);
  assert.deepEqual(
    hits.map((h) => `${h.source} (${h.form}): …${h.excerpt}…`),
    [],
    'the planted password leaked',
  );
  if (mustMention !== undefined)
    for (const [source, value] of Object.entries(sources))
      assert.ok(
        asText(value).includes(mustMention),
        `${source} never mentions ${mustMention}: the grep proves nothing`,
      );
}
