// Host and port checks for the parsed host list. mongodb-connection-string-url accepts any text as a
// host ("127.0.0.1:notaport", "a:99999"), and the driver only fails later with a raw URL error, so
// each host is checked here. Written by hand because it is a dozen lines over the parser's output.

/** Host names and IPv4: letters, digits, dot, hyphen, underscore (the set the driver resolves). */
const NAME = /^[A-Za-z0-9._-]+$/;
/** An IPv6 literal as the parser keeps it: inside brackets, hex digits, colons and dots. */
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;

/**
 * Explains in one sentence what is wrong with one "host[:port]" entry, numbered from 1, or returns
 * undefined when it is fine. The message never echoes the host itself (it may be pasted secret text).
 */
export function checkHost(entry: string, index: number, isSRV: boolean): string | undefined {
  const where = `Host ${index + 1}`;
  let host = entry;
  let port: string | undefined;
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    host = close < 0 ? entry : entry.slice(0, close + 1);
    const rest = close < 0 ? '' : entry.slice(close + 1);
    if (rest.length > 0) {
      if (!rest.startsWith(':')) return `${where}: put ":port" right after the closing "]" of an IPv6 address.`;
      port = rest.slice(1);
    }
    if (!IPV6.test(host)) return `${where}: this is not a valid IPv6 address in brackets, e.g. [::1]:27017.`;
  } else {
    const colon = entry.lastIndexOf(':');
    if (colon >= 0) {
      host = entry.slice(0, colon);
      port = entry.slice(colon + 1);
    }
    if (host.length === 0) return `${where}: add a host name before ":port", e.g. localhost:27017.`;
    if (!NAME.test(host)) {
      return `${where}: a host name may hold only letters, digits, ".", "-" and "_"; remove spaces and other signs.`;
    }
  }
  if (port === undefined) return undefined;
  if (isSRV) return 'A mongodb+srv:// string cannot have a port: remove ":port" or use mongodb://.';
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    return `${where}: the port must be a number from 1 to 65535, e.g. localhost:27017.`;
  }
  return undefined;
}
