// Server side of SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802 / RFC 7677) as mongod runs it: salted keys
// per user, the client-first / client-final steps, and one failure for every bad credential.
// Hand-written on node:crypto because no maintained npm package implements the *server* half.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { CommandError } from '../base/errors';

export type ScramMechanism = 'SCRAM-SHA-1' | 'SCRAM-SHA-256';
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-1', 'SCRAM-SHA-256'];

/** A user as given to startSandbox; db defaults to 'admin' like `mongosh`'s db.createUser there. */
export interface SandboxUserSpec {
  user: string;
  password: string;
  db?: string;
}

interface StoredKeys {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}
interface StoredUser {
  user: string;
  db: string;
  keys: Record<ScramMechanism, StoredKeys>;
}

// mongod's default iteration counts (scramIterationCount / scramSHA256IterationCount).
const ALGORITHMS = {
  'SCRAM-SHA-1': { hash: 'sha1', bytes: 20, iterations: 10_000 },
  'SCRAM-SHA-256': { hash: 'sha256', bytes: 32, iterations: 15_000 },
} as const;

/** mongod's answer to a wrong password and to an unknown user alike, so neither can be probed. */
export function authenticationFailed(): CommandError {
  return new CommandError(18, 'Authentication failed.');
}

/**
 * The password string each mechanism salts. SCRAM-SHA-1 uses mongod's legacy MD5 digest; SCRAM-SHA-256
 * uses SASLprep, which leaves printable ASCII unchanged, so the sandbox applies only its NFKC step to
 * other passwords (no prohibited-character checks) rather than bundling a SASLprep table.
 */
function preparedPassword(mechanism: ScramMechanism, user: string, password: string): string {
  if (mechanism === 'SCRAM-SHA-1') return createHash('md5').update(`${user}:mongo:${password}`, 'utf8').digest('hex');
  return /^[\x20-\x7e]*$/.test(password) ? password : password.normalize('NFKC');
}

function hmac(mechanism: ScramMechanism, key: Buffer, text: string | Buffer): Buffer {
  return createHmac(ALGORITHMS[mechanism].hash, key).update(text).digest();
}

function deriveKeys(mechanism: ScramMechanism, user: string, password: string): StoredKeys {
  const { hash, bytes, iterations } = ALGORITHMS[mechanism];
  const salt = randomBytes(bytes === 20 ? 16 : 28);
  const salted = pbkdf2Sync(preparedPassword(mechanism, user, password), salt, iterations, bytes, hash);
  const clientKey = hmac(mechanism, salted, 'Client Key');
  return {
    salt,
    iterations,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: hmac(mechanism, salted, 'Server Key'),
  };
}

/** The users one sandbox accepts, keyed by `db.user`; passwords are kept only as salted SCRAM keys. */
export class UserTable {
  private readonly users = new Map<string, StoredUser>();

  constructor(specs: readonly SandboxUserSpec[] = []) {
    for (const s of specs) {
      const db = s.db ?? 'admin';
      const keys = {
        'SCRAM-SHA-1': deriveKeys('SCRAM-SHA-1', s.user, s.password),
        'SCRAM-SHA-256': deriveKeys('SCRAM-SHA-256', s.user, s.password),
      };
      this.users.set(`${db}.${s.user}`, { user: s.user, db, keys });
    }
  }

  get size(): number {
    return this.users.size;
  }

  /** hello's saslSupportedMechs for 'db.user', or undefined when there is no such user (mongod omits it). */
  mechanismsFor(qualifiedName: string): ScramMechanism[] | undefined {
    return this.users.has(qualifiedName) ? [...SCRAM_MECHANISMS] : undefined;
  }

  find(db: string, user: string): StoredUser | undefined {
    return this.users.get(`${db}.${user}`);
  }
}

/** RFC 5802 saslname: '=2C' is ',' and '=3D' is '='. */
function decodeSaslName(s: string): string {
  return s.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0], part.slice(2));
  }
  return out;
}

function badMessage(what: string): CommandError {
  return new CommandError(17, `Malformed SCRAM ${what}; use a MongoDB driver or mongosh to authenticate.`);
}

/** One connection's SCRAM exchange, from saslStart to the server's signature. */
export class ScramConversation {
  done = false;
  private finalSent = false;

  private constructor(
    readonly mechanism: ScramMechanism,
    readonly db: string,
    readonly user: string,
    private readonly keys: StoredKeys,
    private readonly gs2Header: string,
    private readonly clientFirstBare: string,
    private readonly serverFirst: string,
    private readonly nonce: string,
    readonly skipEmptyExchange: boolean,
  ) {}

  /** Step 1: reads client-first, answers server-first. Unknown users fail here with 18, as in mongod. */
  static start(
    users: UserTable,
    db: string,
    mechanism: unknown,
    payload: Buffer,
    skipEmptyExchange: boolean,
  ): { conversation: ScramConversation; reply: Buffer } {
    if (mechanism !== 'SCRAM-SHA-1' && mechanism !== 'SCRAM-SHA-256') {
      throw new CommandError(
        334,
        `Received authentication for mechanism ${String(mechanism)} which is unknown or not enabled; use SCRAM-SHA-256 or SCRAM-SHA-1.`,
      );
    }
    const text = payload.toString('utf8');
    const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/.exec(text);
    if (!m) throw badMessage('client-first message');
    if (m[1].startsWith('p='))
      throw new CommandError(17, 'SCRAM channel binding is not supported; connect without it.');
    const bare = m[3];
    const attrs = attributes(bare);
    const name = attrs.get('n'),
      clientNonce = attrs.get('r');
    if (name === undefined || !clientNonce) throw badMessage('client-first message');
    const user = users.find(db, decodeSaslName(name));
    if (!user) throw authenticationFailed();
    const keys = user.keys[mechanism];
    const nonce = clientNonce + randomBytes(24).toString('base64');
    const serverFirst = `r=${nonce},s=${keys.salt.toString('base64')},i=${keys.iterations}`;
    const conversation = new ScramConversation(
      mechanism,
      db,
      user.user,
      keys,
      `${m[1]},${m[2] ?? ''},`,
      bare,
      serverFirst,
      nonce,
      skipEmptyExchange,
    );
    return { conversation, reply: Buffer.from(serverFirst, 'utf8') };
  }

  /** Step 2 verifies the client proof and answers with the server signature; step 3 is the empty ack. */
  continue(payload: Buffer): Buffer {
    if (this.done)
      throw new CommandError(17, 'This SCRAM conversation is already complete; start a new one with saslStart.');
    if (this.finalSent) {
      this.done = true;
      return Buffer.alloc(0);
    }
    const text = payload.toString('utf8');
    const proofAt = text.lastIndexOf(',p=');
    if (proofAt < 0) throw badMessage('client-final message');
    const withoutProof = text.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    if (attrs.get('c') !== Buffer.from(this.gs2Header, 'utf8').toString('base64') || attrs.get('r') !== this.nonce)
      throw authenticationFailed();
    const proof = Buffer.from(text.slice(proofAt + 3), 'base64');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.mechanism, this.keys.storedKey, authMessage);
    if (proof.length !== clientSignature.length) throw authenticationFailed();
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i] ^ clientSignature[i];
    const storedKey = createHash(ALGORITHMS[this.mechanism].hash).update(clientKey).digest();
    if (!timingSafeEqual(storedKey, this.keys.storedKey)) throw authenticationFailed();
    this.finalSent = true;
    if (this.skipEmptyExchange) this.done = true;
    return Buffer.from(`v=${hmac(this.mechanism, this.keys.serverKey, authMessage).toString('base64')}`, 'utf8');
  }
}
