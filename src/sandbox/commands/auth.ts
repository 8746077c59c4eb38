// Authentication commands (saslStart, saslContinue, logout) and the hello fields that go with them
// (saslSupportedMechs, speculativeAuthenticate). The sandbox has NO access control: authenticating is
// optional and every other command runs for any client, authenticated or not, like mongod without --auth.
import { Binary } from 'bson';
import type { CommandContext, CommandHandler, ConnectionInfo } from '../server/dispatch';
import { CommandError } from '../base/errors';
import { ScramConversation } from '../server/scram';
import type { SandboxState } from '../server/state';
import type { Doc } from '../base/values';

// mongod numbers conversations per connection and, with one at a time, always uses 1.
const CONVERSATION_ID = 1;

function payloadBytes(v: unknown): Buffer {
  if (v instanceof Binary) return Buffer.from(v.buffer.subarray(0, v.position));
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === 'string') return Buffer.from(v, 'base64'); // the legacy shell sent base64 strings
  throw new CommandError(14, "saslStart/saslContinue need a 'payload' of BSON binary data.");
}

function startConversation(state: SandboxState, conn: ConnectionInfo, db: string, cmd: Doc): Doc {
  conn.sasl = undefined;
  const options = cmd.options as Doc | undefined;
  const skip = Boolean((options?.skipEmptyExchange as { valueOf(): unknown } | undefined)?.valueOf());
  const { conversation, reply } = ScramConversation.start(
    state.users,
    db,
    cmd.mechanism,
    payloadBytes(cmd.payload),
    skip,
  );
  conn.sasl = conversation;
  return { conversationId: CONVERSATION_ID, done: false, payload: new Binary(reply, 0), ok: 1 };
}

function saslStart({ state, conn, db, cmd }: CommandContext): Doc {
  return startConversation(state, conn, db, cmd);
}

function saslContinue({ state, conn, cmd }: CommandContext): Doc {
  const conversation = conn.sasl;
  if (!conversation || Number(cmd.conversationId) !== CONVERSATION_ID) {
    throw new CommandError(17, 'No SASL session state found; start the conversation again with saslStart.');
  }
  let reply: Buffer;
  try {
    reply = conversation.continue(payloadBytes(cmd.payload));
  } catch (e) {
    conn.sasl = undefined;
    state.opts.log(
      `connection ${conn.id}: ${conversation.mechanism} authentication failed for ${conversation.db}.${conversation.user}`,
    );
    throw e;
  }
  if (conversation.done) {
    conn.sasl = undefined;
    const who = `${conversation.db}.${conversation.user}`;
    conn.authenticatedUsers = [...new Set([...(conn.authenticatedUsers ?? []), who])];
    state.opts.log(`connection ${conn.id}: authenticated as ${who} with ${conversation.mechanism}`);
  }
  return { conversationId: CONVERSATION_ID, done: conversation.done, payload: new Binary(reply, 0), ok: 1 };
}

/** Adds saslSupportedMechs and speculativeAuthenticate to a hello reply, as mongod does. */
export function helloAuthFields(ctx: CommandContext, reply: Doc): void {
  const { state, conn, cmd } = ctx;
  if (typeof cmd.saslSupportedMechs === 'string') {
    const mechs = state.users.mechanismsFor(cmd.saslSupportedMechs);
    if (mechs) reply.saslSupportedMechs = mechs;
  }
  const spec = cmd.speculativeAuthenticate as Doc | undefined;
  if (spec && typeof spec === 'object' && spec.saslStart !== undefined) {
    const db = typeof spec.db === 'string' ? spec.db : 'admin';
    try {
      const { ok: _ok, ...first } = startConversation(state, conn, db, spec);
      reply.speculativeAuthenticate = first;
    } catch {
      // mongod answers a failed speculative start by leaving the field out; the driver then runs
      // saslStart itself and gets the real error (18 AuthenticationFailed).
      conn.sasl = undefined;
    }
  }
}

export const authCommands: Record<string, CommandHandler> = {
  saslStart,
  saslContinue,
  logout: ({ conn }) => {
    conn.authenticatedUsers = [];
    conn.sasl = undefined;
    return { ok: 1 };
  },
};
