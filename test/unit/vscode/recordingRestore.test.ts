// What a reload keeps of a recording panel and how a revived panel's state finds it: the workspace
// records and the webview state are untrusted input, so malformed ones find nothing.
import * as assert from 'node:assert/strict';
import { RecordedSource } from '../../../src/core/recording/recordedSource';
import { EventLog } from '../../../src/core/events/eventLog';
import { recordFor, recordingRecords, stateIsRecording } from '../../../src/vscode/recording/recordingRestore';

describe('recording panels across a reload', () => {
  it('saves only the id and the path of sources read from a file', () => {
    assert.deepEqual(recordingRecords([{ id: 'a', filePath: '/tmp/a.ndjson' }, { id: 'b' }]), [
      { watchId: 'a', path: '/tmp/a.ndjson' },
    ]);
  });

  it('finds the record a revived state names, by its watch id (top level or under snapshot)', () => {
    const records = [
      { watchId: 'x', path: '/tmp/x.ndjson' },
      { watchId: 'y', path: '/tmp/y.ndjson' },
    ];
    assert.deepEqual(recordFor({ watchId: 'y' }, records), { watchId: 'y', path: '/tmp/y.ndjson' });
    assert.deepEqual(recordFor({ snapshot: { watchId: 'x' } }, records), { watchId: 'x', path: '/tmp/x.ndjson' });
    assert.equal(recordFor({ watchId: 'z' }, records), undefined);
    assert.equal(recordFor(undefined, records), undefined);
    assert.equal(recordFor({ watchId: 'x' }, 'not an array'), undefined);
    assert.equal(recordFor({ watchId: 'x' }, [{ watchId: 'x', path: 42 }]), undefined);
    assert.equal(recordFor({ watchId: 'x' }, [{ watchId: 'x', path: '' }]), undefined);
    assert.equal(recordFor({ watchId: 'x' }, [null, 'junk', { watchId: 'x', path: '/p' }])?.path, '/p');
  });

  it('tells a recording panel state from a live watch state by its target', () => {
    assert.equal(stateIsRecording({ target: { connectionId: 'recording:abc' } }), true);
    assert.equal(stateIsRecording({ snapshot: { target: { connectionId: 'recording:abc' } } }), true);
    assert.equal(stateIsRecording({ target: { connectionId: 'c1' } }), false);
    assert.equal(stateIsRecording(undefined), false);
  });

  it('a recording whose file could not be read again has no events and says why, plainly', () => {
    const s = new RecordedSource({
      id: 'r1',
      fileName: 'orders.ndjson',
      header: undefined,
      log: new EventLog({ maxEvents: 10, maxBytes: 1e6 }),
      filePath: '/gone/orders.ndjson',
      unreadable: '/gone/orders.ndjson is not there any more (moved or deleted)',
    });
    assert.equal(s.log.size, 0);
    assert.equal(s.status.state, 'stopped');
    assert.equal(
      s.status.detail,
      'The recording orders.ndjson could not be opened again after the window reload: /gone/orders.ndjson is not there any more (moved or deleted).',
    );
    assert.match(String(s.status.action), /Open Recording…/);
    assert.equal(s.filePath, '/gone/orders.ndjson');
  });
});
