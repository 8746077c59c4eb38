import { strict as assert } from 'node:assert';
import { driverOptions } from '../../../../src/core/watch/openStream';
import type { WatchOptions } from '../../../../src/shared/protocol';

const base: WatchOptions = { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false };

describe('driverOptions', () => {
  it('omits the defaults so the server applies its own', () => {
    assert.deepEqual(driverOptions(base, {}), {});
  });

  it('passes every chosen option and the resume position', () => {
    const o = driverOptions(
      {
        fullDocument: 'updateLookup',
        fullDocumentBeforeChange: 'whenAvailable',
        showExpandedEvents: true,
        batchSize: 50,
        maxAwaitTimeMS: 250,
      },
      { resumeAfter: { _data: '82AA' } },
    );
    assert.deepEqual(o, {
      fullDocument: 'updateLookup',
      fullDocumentBeforeChange: 'whenAvailable',
      showExpandedEvents: true,
      batchSize: 50,
      maxAwaitTimeMS: 250,
      resumeAfter: { _data: '82AA' },
    });
  });

  it('uses startAfter for a position after an invalidate', () => {
    assert.deepEqual(driverOptions({ ...base, fullDocument: 'required' }, { startAfter: { _data: '82BB' } }), {
      fullDocument: 'required',
      startAfter: { _data: '82BB' },
    });
  });
});
