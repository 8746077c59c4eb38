// The webview's immutable watch state: each notification replaces only the part it changed, so the
// components consuming the other part (through their context) do no work.
import assert from 'node:assert/strict';
import type { HostNotification, PanelSnapshot } from '../../src/shared/protocol';
import { INITIAL_STATE, reduceWatch } from '../../webview/app/watch-state';

const snapshot: PanelSnapshot = {
  protocol: 1,
  watchId: 'w',
  title: 'db.c',
  target: { connectionId: 'c', connectionName: 'n', scope: 'collection', db: 'db', coll: 'c' },
  options: { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false },
  status: { state: 'streaming', since: 0 },
  counts: { insert: 3 },
  total: 3,
  firstSeq: 1,
  lastSeq: 3,
  summaries: [],
  rate: 1,
  evicted: 2,
};
const appended: HostNotification = {
  kind: 'notify',
  method: 'appended',
  params: { summaries: [], firstSeq: 1, lastSeq: 4, counts: { insert: 4 }, total: 4, rate: 2, evicted: 2 },
};

describe('watch state (immutable, split by rate of change)', () => {
  it('ignores everything before the first snapshot', () => {
    assert.equal(reduceWatch(INITIAL_STATE, appended), INITIAL_STATE);
    assert.equal(
      reduceWatch(INITIAL_STATE, { kind: 'notify', method: 'status', params: snapshot.status }),
      INITIAL_STATE,
    );
  });

  it('gives an append new counters and keeps the very same watch info object', () => {
    const s1 = reduceWatch(INITIAL_STATE, { kind: 'notify', method: 'snapshot', params: snapshot });
    const s2 = reduceWatch(s1, appended);
    assert.equal(s2.info, s1.info);
    assert.notEqual(s2.counters, s1.counters);
    assert.deepEqual(s2.counters, { counts: { insert: 4 }, total: 4, rate: 2, evicted: 2 });
    assert.ok(Object.isFrozen(s2) && Object.isFrozen(s2.counters));
  });

  it('gives a status or options notice new info and keeps the counters object', () => {
    const s1 = reduceWatch(INITIAL_STATE, { kind: 'notify', method: 'snapshot', params: snapshot });
    const s2 = reduceWatch(s1, { kind: 'notify', method: 'status', params: { state: 'paused', since: 5 } });
    assert.equal(s2.counters, s1.counters);
    assert.equal(s2.info?.status.state, 'paused');
    assert.equal(s1.info?.status.state, 'streaming', 'the old state is untouched');
  });

  it('zeroes the counters on clear but keeps how many the log evicted', () => {
    const s1 = reduceWatch(INITIAL_STATE, { kind: 'notify', method: 'snapshot', params: snapshot });
    const s2 = reduceWatch(s1, { kind: 'notify', method: 'cleared', params: { firstSeq: 4, lastSeq: 3 } });
    assert.deepEqual(s2.counters, { counts: {}, total: 0, rate: 0, evicted: 2 });
  });
});
