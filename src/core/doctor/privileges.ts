// Can the logged-in user watch the target? Read from connectionStatus { showPrivileges: true }:
// the user needs both the changeStream and find actions on a resource that covers the target.
import type { Document } from 'bson';
import type { CheckStatus, DoctorTarget } from './model';

export interface PrivilegeVerdict {
  status: CheckStatus;
  sentence: string;
  users: string[];
  missing: string[];
}

interface Privilege {
  resource: { db?: string; collection?: string; cluster?: boolean; anyResource?: boolean };
  actions: string[];
}

const NEEDED = ['changeStream', 'find'] as const;

/** Does this resource cover the target? Whole-deployment watches need {db:'', collection:''}. */
function covers(resource: Privilege['resource'], target: DoctorTarget): boolean {
  if (resource.anyResource) return true;
  if (resource.cluster || typeof resource.db !== 'string') return false;
  const dbOk = resource.db === '' || resource.db === target.db;
  if (target.db === undefined) return resource.db === '' && resource.collection === '';
  if (!dbOk) return false;
  if (target.coll === undefined) return resource.collection === '';
  return resource.collection === '' || resource.collection === target.coll;
}

export function classifyPrivileges(reply: Document, target: DoctorTarget): PrivilegeVerdict {
  const auth = (reply.authInfo ?? {}) as Document;
  const users = Array.isArray(auth.authenticatedUsers)
    ? (auth.authenticatedUsers as Document[]).map((u) => `${String(u.user)}@${String(u.db)}`)
    : [];
  if (users.length === 0) {
    return {
      status: 'unknown',
      users,
      missing: [],
      sentence:
        'No user is logged in on this connection, so privileges cannot be read; if the server runs without access control, any client may watch.',
    };
  }
  if (!Array.isArray(auth.authenticatedUserPrivileges)) {
    return {
      status: 'unknown',
      users,
      missing: [],
      sentence: 'The server did not list the privileges of the logged-in user.',
    };
  }
  const privileges = (auth.authenticatedUserPrivileges as Privilege[]).filter(
    (p) => p && typeof p.resource === 'object' && Array.isArray(p.actions),
  );
  const granted = new Set(privileges.filter((p) => covers(p.resource, target)).flatMap((p) => p.actions));
  const missing = NEEDED.filter((a) => !granted.has(a));
  if (missing.length === 0) {
    return { status: 'ok', users, missing, sentence: `${users.join(', ')} may run changeStream and find here.` };
  }
  return {
    status: 'fail',
    users,
    missing: [...missing],
    sentence: `${users.join(', ')} lacks the ${missing.join(' and ')} action${missing.length > 1 ? 's' : ''} on ${targetText(target)}; the server will refuse the watch with code 13 (Unauthorized).`,
  };
}

export function targetText(t: DoctorTarget): string {
  if (t.db === undefined) return 'the whole deployment';
  return t.coll === undefined ? `database ${t.db}` : `${t.db}.${t.coll}`;
}
