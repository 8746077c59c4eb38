import { strict as assert } from 'node:assert';
import { Timestamp } from 'bson';
import { whyImageMissing } from '../../../../src/core/diff/missingImage';
import type { ChangeRecord } from '../../../../src/core/diff/changeRecord';

const at = (seconds: number) => new Timestamp({ t: seconds, i: 1 });
const upd = (extra: object, opts: Partial<ChangeRecord>): ChangeRecord => ({
  change: { operationType: 'update', clusterTime: at(1000), updateDescription: { updatedFields: { v: 1 } }, ...extra },
  ...opts,
});

describe('whyImageMissing', () => {
  it('an insert has no pre-image and a delete no post-image, by nature', () => {
    assert.equal(
      whyImageMissing({ change: { operationType: 'insert', fullDocument: {} } }, 'before')?.code,
      'insert-has-no-pre-image',
    );
    assert.equal(whyImageMissing({ change: { operationType: 'insert', fullDocument: {} } }, 'after'), undefined);
    assert.equal(whyImageMissing({ change: { operationType: 'delete' } }, 'after')?.code, 'delete-has-no-post-image');
    assert.equal(whyImageMissing({ change: { operationType: 'drop' } }, 'before')?.code, 'not-a-document-change');
  });

  it('images not asked for say which option to turn on', () => {
    const r = whyImageMissing(upd({}, { fullDocument: 'default', fullDocumentBeforeChange: 'off' }), 'before')!;
    assert.equal(r.code, 'not-requested');
    assert.match(r.action, /fullDocumentBeforeChange/);
    assert.match(
      whyImageMissing(upd({}, { fullDocument: 'default' }), 'after')!.action,
      /fullDocument to whenAvailable/,
    );
  });

  it('asked for but null: not enabled, older than enabling, expired, or unknown', () => {
    const opts = { fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' } as const;
    const r = upd({ fullDocument: null, fullDocumentBeforeChange: null }, opts);
    assert.equal(whyImageMissing(r, 'before', { recording: { enabled: false } })?.code, 'collection-not-enabled');
    assert.match(whyImageMissing(r, 'after', { recording: { enabled: false } })!.action, /collMod/);
    assert.equal(
      whyImageMissing(r, 'before', { recording: { enabled: true, enabledAt: at(2000) } })?.code,
      'older-than-enabling',
    );
    assert.equal(
      whyImageMissing(r, 'before', { recording: { enabled: true, enabledAt: new Date(500_000) } })?.code,
      'unknown',
    );
    const expired = whyImageMissing(r, 'after', {
      recording: { enabled: true, enabledAt: at(10), expireAfterSeconds: 60 },
      readAt: new Date(1000_000 + 61_000),
    })!;
    assert.equal(expired.code, 'expired-by-retention');
    assert.match(expired.message, /60 s/);
    assert.equal(
      whyImageMissing(r, 'after', {
        recording: { enabled: true, expireAfterSeconds: 60 },
        readAt: new Date(1000_000 + 59_000),
      })?.code,
      'unknown',
    );
    assert.equal(
      whyImageMissing(r, 'after', { recording: { enabled: true, expireAfterSeconds: 'off' } })?.code,
      'unknown',
    );
  });

  it('prefers wallTime over clusterTime for the time of the change', () => {
    const r = upd(
      { fullDocumentBeforeChange: null, wallTime: new Date(5000_000) },
      { fullDocumentBeforeChange: 'whenAvailable' },
    );
    assert.equal(whyImageMissing(r, 'before', { recording: { enabled: true, enabledAt: at(4000) } })?.code, 'unknown');
    assert.equal(
      whyImageMissing(r, 'before', { recording: { enabled: true, enabledAt: at(6000) } })?.code,
      'older-than-enabling',
    );
  });

  it('updateLookup is present but labelled the current document; null means deleted before the lookup', () => {
    const current = whyImageMissing(upd({ fullDocument: { _id: 1 } }, { fullDocument: 'updateLookup' }), 'after')!;
    assert.equal(current.code, 'current-document-not-at-change');
    assert.match(current.message, /CURRENT document/);
    assert.equal(
      whyImageMissing(upd({ fullDocument: null }, { fullDocument: 'updateLookup' }), 'after')?.code,
      'document-deleted-before-lookup',
    );
  });

  it('an update fullDocument of unknown origin is read as updateLookup, never as a stored image', () => {
    assert.equal(
      whyImageMissing(upd({ fullDocument: { _id: 1 } }, {}), 'after')?.code,
      'current-document-not-at-change',
    );
    assert.equal(whyImageMissing(upd({ fullDocument: { _id: 1 } }, { fullDocument: 'required' }), 'after'), undefined);
  });

  it('every reason has a sentence', () => {
    const r = whyImageMissing(upd({ fullDocument: null }, { fullDocument: 'whenAvailable' }), 'after')!;
    assert.ok(r.message.length > 20 && r.message.endsWith('.'));
  });
});
