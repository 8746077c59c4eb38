import { strict as assert } from 'node:assert';
import { classifyError } from '../../../../src/core/watch/errors';

/** Shaped like the driver's MongoServerError: name, code, message and a label set. */
function serverError(code: number, message: string, labels: string[] = []) {
  return Object.assign(new Error(message), { name: 'MongoServerError', code, errorLabelSet: new Set(labels) });
}

describe('classifyError', () => {
  it('turns 40573 into NOT_REPLICA_SET with the way out', () => {
    const e = classifyError(serverError(40573, 'The $changeStream stage is only supported on replica sets'));
    assert.equal(e.code, 'NOT_REPLICA_SET');
    assert.equal(e.serverCode, 40573);
    assert.match(e.message, /not a replica set/);
    assert.match(e.action, /Sandbox/);
    assert.match(e.action, /--replSet/);
    assert.deepEqual([e.terminal, e.transient], [true, false]);
  });

  const terminal: [number, string, string][] = [
    [
      260,
      "Attempting to resume a change stream using 'resumeAfter' is not allowed from an invalidate notification.",
      'INVALID_RESUME_TOKEN',
    ],
    [
      286,
      'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
      'HISTORY_LOST',
    ],
    [
      280,
      'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline.',
      'ID_MODIFIED',
    ],
    [20, '$out is not permitted in a $changeStream pipeline', 'PIPELINE_REFUSED'],
    [40324, "Unrecognized pipeline stage name: '$bogus'", 'PIPELINE_REFUSED'],
    [13, 'not authorized on shop to execute command { aggregate: "orders" }', 'UNAUTHORIZED'],
    [18, 'Authentication failed.', 'AUTH_FAILED'],
    [26, 'ns not found', 'NAMESPACE_NOT_FOUND'],
    [10334, 'BSONObjectTooLarge: event of 18874471 bytes is over the 16793600 byte limit', 'EVENT_TOO_LARGE'],
    [
      47,
      'Change stream was configured to require a post-image for all update, delete and replace events, but the post-image was not found',
      'IMAGE_MISSING',
    ],
  ];
  for (const [code, message, expected] of terminal) {
    it(`classifies server code ${code} as terminal ${expected}`, () => {
      const e = classifyError(serverError(code, message));
      assert.equal(e.code, expected);
      assert.equal(e.serverCode, code);
      assert.equal(e.terminal, true);
      assert.equal(e.transient, false);
      assert.ok(e.action.length > 10);
    });
  }

  it('treats network errors, the resumable label and CursorNotFound as transient', () => {
    const net = classifyError(
      Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' }),
    );
    assert.deepEqual([net.code, net.transient, net.terminal], ['NETWORK', true, false]);
    const labelled = classifyError(serverError(6, 'host unreachable', ['ResumableChangeStreamError']));
    assert.deepEqual([labelled.code, labelled.transient], ['NETWORK', true]);
    const cursor = classifyError(serverError(43, 'cursor id 123 not found'));
    assert.deepEqual([cursor.code, cursor.transient], ['NETWORK', true]);
  });

  it('treats server selection timeouts as transient SERVER_SELECTION', () => {
    const e = classifyError(
      Object.assign(new Error('Server selection timed out after 30000 ms'), { name: 'MongoServerSelectionError' }),
    );
    assert.deepEqual([e.code, e.transient], ['SERVER_SELECTION', true]);
  });

  it('leaves unknown errors neither terminal nor transient', () => {
    const e = classifyError(serverError(2, 'BadValue something'));
    assert.deepEqual([e.code, e.transient, e.terminal], ['UNKNOWN', false, false]);
    assert.equal(classifyError('a string').code, 'UNKNOWN');
    assert.equal(classifyError(undefined).code, 'UNKNOWN');
  });

  it('never lets a connection string or a known secret through', () => {
    const secret = 'h0rse-battery';
    const err = Object.assign(
      new Error(`getaddrinfo ENOTFOUND for mongodb://carol:${secret}@db.internal:27017/?tls=true (password ${secret})`),
      {
        name: 'MongoNetworkError',
      },
    );
    const e = classifyError(err, (s) => s.split(secret).join('****'));
    for (const text of [e.message, e.action]) assert.ok(!text.includes(secret), text);
    assert.match(e.message, /mongodb:\/\/carol:\*\*\*\*@db\.internal/);
  });

  it('hides a password in an echoed connection string even without a redact function', () => {
    const e = classifyError(new Error('bad uri mongodb://dave:tops3cret@host/x'));
    assert.ok(!e.message.includes('tops3cret'), e.message);
  });
});
