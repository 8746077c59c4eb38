// mongod-shaped command errors: numeric code, codeName, errmsg and optional errorLabels.
const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  6: 'HostUnreachable',
  7: 'HostNotFound',
  9: 'FailedToParse',
  11: 'UserNotFound',
  13: 'Unauthorized',
  14: 'TypeMismatch',
  17: 'ProtocolError',
  18: 'AuthenticationFailed',
  20: 'IllegalOperation',
  22: 'InvalidBSON',
  23: 'AlreadyInitialized',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  40: 'ConflictingUpdateOperators',
  43: 'CursorNotFound',
  47: 'NoMatchingDocument',
  48: 'NamespaceExists',
  50: 'MaxTimeMSExpired',
  52: 'DollarPrefixedFieldName',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  89: 'NetworkTimeout',
  91: 'ShutdownInProgress',
  96: 'OperationFailed',
  112: 'WriteConflict',
  133: 'FailedToSatisfyReadPreference',
  136: 'CappedPositionLost',
  150: 'StaleEpoch',
  189: 'PrimarySteppedDown',
  225: 'TransactionTooOld',
  234: 'RetryChangeStream',
  251: 'NoSuchTransaction',
  260: 'InvalidResumeToken',
  263: 'OperationNotSupportedInTransaction',
  262: 'ExceededTimeLimit',
  280: 'ChangeStreamFatalError',
  286: 'ChangeStreamHistoryLost',
  9001: 'SocketException',
  10107: 'NotWritablePrimary',
  10334: 'BSONObjectTooLarge',
  11000: 'DuplicateKey',
  11600: 'InterruptedAtShutdown',
  11601: 'Interrupted',
  11602: 'InterruptedDueToReplStateChange',
  13435: 'NotPrimaryNoSecondaryOk',
  13436: 'NotPrimaryOrSecondary',
  40573: 'Location40573',
  40414: 'Location40414',
  40415: 'Location40415',
  50865: 'Location50865',
  63: 'StaleShardVersion',
  334: 'MechanismUnavailable',
};

export function codeName(code: number): string {
  return CODE_NAMES[code] ?? `Location${code}`;
}

/** Codes after which mongod labels a retryable write with RetryableWriteError. */
export const RETRYABLE_WRITE_CODES = new Set([
  6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 133,
]);

/** Codes after which mongod labels a change stream getMore error ResumableChangeStreamError. */
export const RESUMABLE_CHANGE_STREAM_CODES = new Set([
  6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 133, 234, 43,
]);

export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly errorLabels?: string[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }

  toReply(): Record<string, unknown> {
    const reply: Record<string, unknown> = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: codeName(this.code),
    };
    if (this.errorLabels && this.errorLabels.length > 0) reply.errorLabels = this.errorLabels;
    if (this.extra) Object.assign(reply, this.extra);
    return reply;
  }
}

export function fail(code: number, message: string, labels?: string[]): never {
  throw new CommandError(code, message, labels);
}

/** Any thrown value becomes a mongod-shaped reply; unknown failures are InternalError, never a crash. */
export function errorReply(e: unknown): Record<string, unknown> {
  if (e instanceof CommandError) return e.toReply();
  const msg = e instanceof Error ? e.message : String(e);
  return new CommandError(1, msg).toReply();
}
