// Connection-string checks, redaction and the password split, all through mongodb-connection-string-url
// (MongoDB's own parser) rather than regexes, so odd hosts, SRV and encoded passwords behave like the driver.
import type { ConnectionString } from 'mongodb-connection-string-url';

type ConnectionStringClass = typeof import('mongodb-connection-string-url').ConnectionString;
let parserClass: ConnectionStringClass | undefined;
/** Loaded on first use: the parser pulls in a URL library that costs ~50 ms at activation otherwise. */
function Parser(): ConnectionStringClass {
  parserClass ??= (require('mongodb-connection-string-url') as typeof import('mongodb-connection-string-url'))
    .ConnectionString;
  return parserClass;
}

export type ConnectionStringCheck =
  { ok: true; hosts: string[]; hasPassword: boolean; defaultName: string } | { ok: false; message: string };

const EXAMPLE = 'e.g. mongodb://localhost:27017 or mongodb+srv://user@cluster0.example.net';
const MASK = '****';
const INVALID = '<invalid connection string>';

/** Explains in one sentence what is wrong with `text` and what to type instead. Never echoes the input. */
export function validateConnectionString(text: string): ConnectionStringCheck {
  const uri = text.trim();
  if (uri.length === 0) return { ok: false, message: `Type a connection string, ${EXAMPLE}.` };
  if (!/^mongodb(\+srv)?:\/\//i.test(uri)) {
    return { ok: false, message: `Start with mongodb:// or mongodb+srv://, ${EXAMPLE}.` };
  }
  if (atSigns(uri) > 1) {
    return {
      ok: false,
      message:
        'Only one "@" may separate the login from the hosts: percent-encode any @ in the user or password as %40.',
    };
  }
  let cs: ConnectionString;
  try {
    cs = new (Parser())(uri);
  } catch (err) {
    return { ok: false, message: explainParseError(err) };
  }
  const hosts = cs.hosts;
  if (hosts.length === 0 || hosts.some((h) => h.length === 0)) {
    return { ok: false, message: `Add a host after the scheme, ${EXAMPLE}.` };
  }
  for (const host of hosts) {
    const bad = checkHost(host, cs.isSRV);
    if (bad) return { ok: false, message: bad };
  }
  if (cs.isSRV && hosts.length > 1) {
    return { ok: false, message: 'A mongodb+srv:// string names exactly one host; use mongodb:// to list several.' };
  }
  const defaultName = hosts.length > 1 ? `${hosts[0]} (+${hosts.length - 1})` : hosts[0];
  return { ok: true, hosts, hasPassword: cs.password.length > 0, defaultName };
}

/**
 * The URL parser accepts `host:notaport` and `host:99999`, which the driver only refuses when it
 * connects ("Unable to parse … with URL"): check each host and port before the string is saved.
 */
function checkHost(host: string, srv: boolean): string | undefined {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host);
  const name = m?.[1] ?? host;
  const port = m?.[2];
  if (name.length === 0) return `Add a host name before the port in "${host}", ${EXAMPLE}.`;
  if (!name.startsWith('[') && !/^[A-Za-z0-9._%-]+$/.test(name)) {
    return `"${name}" is not a host name: use letters, digits, dots and dashes (or an IP address), ${EXAMPLE}.`;
  }
  if (port === undefined) return undefined;
  if (srv) return 'A mongodb+srv:// host cannot have a port: remove it, or use mongodb:// with host:port.';
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    return `"${port}" after "${name}:" is not a port: use a number from 1 to 65535 (MongoDB's default is 27017).`;
  }
  return undefined;
}

function explainParseError(err: unknown): string {
  const m = err instanceof Error ? err.message : '';
  if (/Password contains unescaped/i.test(m) || /URI malformed/i.test(m)) {
    return 'The password has characters that must be percent-encoded (: / ? # [ ] @ %): encode them, e.g. @ as %40.';
  }
  if (/Username contains unescaped/i.test(m)) {
    return 'The user name has characters that must be percent-encoded (: / ? # [ ] @): encode them, e.g. @ as %40.';
  }
  if (/empty userinfo/i.test(m))
    return 'Remove the empty "@" or ":" before the host, or type user:password@ before it.';
  if (/host list are required/i.test(m)) return `Add a host after the scheme, ${EXAMPLE}.`;
  if (/srv.*port/i.test(m)) return 'A mongodb+srv:// string cannot have a port: remove ":port" or use mongodb://.';
  if (/srv.*multiple/i.test(m))
    return 'A mongodb+srv:// string names exactly one host; use mongodb:// to list several.';
  return `This is not a valid connection string; check it against ${EXAMPLE}.`;
}

/** A second "@" means an unencoded @ in the login: the parser would read part of the password as a host. */
function atSigns(uri: string): number {
  return uri.split('@').length - 1;
}

function parse(uri: string): ConnectionString | undefined {
  if (atSigns(uri) > 1) return undefined;
  try {
    return new (Parser())(uri.trim());
  } catch {
    return undefined;
  }
}

/** The string with its password replaced by ****; the user name stays so people can tell logins apart. */
export function redactConnectionString(uri: string): string {
  const cs = parse(uri);
  if (!cs) return INVALID;
  if (cs.password.length > 0) cs.password = MASK;
  return cs.toString();
}

/** Splits the password out, so the rest can live in plain settings and the password in SecretStorage. */
export function splitSecret(uri: string): { publicUri: string; password?: string } {
  const cs = parse(uri);
  if (!cs) return { publicUri: INVALID };
  if (cs.password.length === 0) return { publicUri: cs.toString() };
  const password = safeDecode(cs.password);
  cs.password = '';
  return { publicUri: cs.toString(), password };
}

/** Puts a password (plain, not encoded) back into a string made by splitSecret. */
export function joinSecret(publicUri: string, password?: string): string {
  if (password === undefined || password.length === 0) return publicUri;
  const cs = parse(publicUri);
  if (!cs) return publicUri;
  cs.password = encodeURIComponent(password);
  return cs.toString();
}

/**
 * Replaces every known secret in free text (error messages, log lines) with ****, in its plain and
 * URL-encoded forms. Longer secrets go first so a full connection string wins over its password.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    const decoded = safeDecode(s);
    forms.add(decoded);
    // A full connection string also hides its own password wherever that shows up alone.
    const cs = /^mongodb(\+srv)?:\/\//i.test(s) ? parse(s) : undefined;
    if (cs && cs.password) {
      forms.add(cs.password);
      forms.add(safeDecode(cs.password));
    }
  }
  const ordered = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const f of ordered) out = out.split(f).join(MASK);
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The name a connection should carry after its string is edited: a name that was generated from the
 * old hosts follows the new hosts; a name the person chose stays.
 */
export function nameAfterEdit(savedName: string, oldUri: string | undefined, newUri: string): string {
  const before = oldUri === undefined ? undefined : validateConnectionString(oldUri);
  const after = validateConnectionString(newUri);
  if (!after.ok || !before?.ok || before.defaultName !== savedName) return savedName;
  return after.defaultName;
}
