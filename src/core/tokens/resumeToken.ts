// Reads the cluster time out of a resume token for display. Tokens are opaque to the server's clients,
// but MongoDB's KeyString tokens begin with 0x82 (Timestamp) and the big-endian seconds and increment.

export interface DecodedResumeToken {
  /** The `_data` hex string, when the token has one. */
  hex?: string;
  clusterTime?: { t: number; i: number };
  date?: Date;
}

export function decodeResumeToken(token: unknown): DecodedResumeToken {
  const data = typeof token === 'object' && token !== null ? (token as { _data?: unknown })._data : undefined;
  const hex = typeof data === 'string' ? data : undefined;
  if (hex === undefined) return {};
  if (!/^82[0-9a-fA-F]{16}/.test(hex)) return { hex };
  const t = parseInt(hex.slice(2, 10), 16);
  const i = parseInt(hex.slice(10, 18), 16);
  return { hex, clusterTime: { t, i }, date: new Date(t * 1000) };
}
