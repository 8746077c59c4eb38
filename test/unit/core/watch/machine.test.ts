import { strict as assert } from 'node:assert';
import { classifyError } from '../../../../src/core/watch/errors';
import { statusOf, transition, type MachineState } from '../../../../src/core/watch/machine';

const policy = { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1000 };
const idle: MachineState = { state: { kind: 'idle' }, wantPaused: false, attempts: 0 };
const token = { _data: '82AA' };
const serverError = (code: number) => Object.assign(new Error(`code ${code}`), { name: 'MongoServerError', code });

describe('watch state machine', () => {
  it('opens at the asked position and streams once opened', () => {
    const a = transition(idle, { type: 'start', position: { kind: 'atTime', seconds: 100 } }, policy);
    assert.deepEqual(a.next.state, { kind: 'opening', position: { kind: 'atTime', seconds: 100 } });
    assert.ok(a.effects.some((e) => e.do === 'open'));
    const b = transition(a.next, { type: 'opened' }, policy);
    assert.equal(b.next.state.kind, 'streaming');
    assert.deepEqual(b.effects, [{ do: 'read' }]);
  });

  it('after 286 fails with the ways on and never a silent start from now', () => {
    const streaming: MachineState = { ...idle, state: { kind: 'streaming' } };
    const step = transition(
      streaming,
      { type: 'lost', error: classifyError(serverError(286)), resume: { kind: 'resumeAfter', token } },
      policy,
    );
    assert.equal(step.next.state.kind, 'failed');
    assert.ok(!step.effects.some((e) => e.do === 'open' || e.do === 'retryIn'));
    const status = statusOf(step.next.state, 0, 'x');
    assert.equal(status.error?.code, 'HISTORY_LOST');
    assert.deepEqual(status.waysOn, ['now', 'oldest', 'atTime']);
    assert.equal(status.detail, undefined, 'the message is said once, in the error');
  });

  it('stops with a reason and the position to continue from', () => {
    const streaming: MachineState = { ...idle, state: { kind: 'streaming' } };
    const step = transition(
      streaming,
      { type: 'ended', reason: 'invalidated', resume: { kind: 'startAfter', token } },
      policy,
    );
    assert.deepEqual(step.next.state, {
      kind: 'stopped',
      reason: 'invalidated',
      continueFrom: { kind: 'startAfter', token },
    });
    const status = statusOf(step.next.state, 0, 'x');
    assert.equal(status.reason, 'invalidated');
    assert.match(status.action ?? '', /^Restart/, 'the action names the Restart button');
    assert.doesNotMatch(status.detail ?? '', /Stopped/, 'the banner says the state word itself');
  });

  it('backs off on transient losses and gives up after the policy', () => {
    let m: MachineState = { ...idle, state: { kind: 'streaming' } };
    const net = classifyError(Object.assign(new Error('reset'), { name: 'MongoNetworkError' }));
    let step = transition(m, { type: 'lost', error: net, resume: undefined }, policy);
    assert.deepEqual(step.effects.at(-1), { do: 'retryIn', ms: 100, attempt: 1 });
    m = step.next;
    step = transition(m, { type: 'openFailed', error: net, resume: undefined }, policy);
    assert.deepEqual(step.effects.at(-1), { do: 'retryIn', ms: 200, attempt: 2 });
    step = transition(step.next, { type: 'openFailed', error: net, resume: undefined }, policy);
    assert.equal(step.next.state.kind, 'failed');
  });

  it('jitters each delay below its capped exponential value, never above the cap', () => {
    const net = classifyError(Object.assign(new Error('reset'), { name: 'MongoNetworkError' }));
    const delays = (random: number) => {
      const p = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 800, jitter: 0.5, random: () => random };
      let m: MachineState = { ...idle, state: { kind: 'streaming' } };
      const out: number[] = [];
      let step = transition(m, { type: 'lost', error: net, resume: undefined }, p);
      for (;;) {
        const retry = step.effects.find((e) => e.do === 'retryIn');
        if (!retry || retry.do !== 'retryIn') break;
        out.push(retry.ms);
        m = step.next;
        step = transition(m, { type: 'openFailed', error: net, resume: undefined }, p);
      }
      return out;
    };
    assert.deepEqual(delays(0), [100, 200, 400, 800, 800, 800], 'random 0: the capped exponential itself');
    assert.deepEqual(delays(1), [50, 100, 200, 400, 400, 400], 'random 1: half of it with jitter 0.5');
    assert.ok(
      delays(0.3).every((ms, i) => ms < delays(0)[i]!),
      'jitter shortens every delay',
    );
  });

  it('keeps pause across a reopen and ignores a start while live', () => {
    let m = transition(idle, { type: 'pause' }, policy).next;
    m = transition(m, { type: 'start', position: { kind: 'now' } }, policy).next;
    m = transition(m, { type: 'opened' }, policy).next;
    assert.equal(m.state.kind, 'paused');
    const again = transition(m, { type: 'start', position: { kind: 'now' } }, policy);
    assert.equal(again.next, m);
    assert.equal(statusOf(m.state, 0, 'x').action, 'Resume to continue where reading stopped.');
  });
});
