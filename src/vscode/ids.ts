// Random ids and nonces. node:crypto is required on first use: loading it costs several ms that
// activation does not need to pay (measured by bench/activation.ts).
type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;
const load = (): Crypto => (crypto ??= require('node:crypto') as Crypto);

export function newId(): string {
  return load().randomUUID();
}

/** A CSP nonce: 18 random bytes, base64. */
export function newNonce(): string {
  return load().randomBytes(18).toString('base64');
}
