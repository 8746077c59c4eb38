import { strict as assert } from 'node:assert';
import { decodeResumeToken } from '../../../../src/core/tokens/resumeToken';

describe('decodeResumeToken', () => {
  it('reads the big-endian cluster time after the 82 type byte', () => {
    // 0x6553f100 = 1700000000 seconds, 0x0000002a = increment 42
    const hex = '826553F1000000002A2B022C0100296E5A1004ABCDEF';
    const d = decodeResumeToken({ _data: hex });
    assert.equal(d.hex, hex);
    assert.deepEqual(d.clusterTime, { t: 1700000000, i: 42 });
    assert.equal(d.date?.toISOString(), '2023-11-14T22:13:20.000Z');
  });

  it('keeps the hex but no time for tokens of another format', () => {
    const d = decodeResumeToken({ _data: '01ABCDEF' });
    assert.equal(d.hex, '01ABCDEF');
    assert.equal(d.clusterTime, undefined);
    assert.equal(d.date, undefined);
  });

  it('returns nothing for values that are not tokens', () => {
    for (const v of [undefined, null, 'text', 42, {}, { _data: 5 }]) assert.deepEqual(decodeResumeToken(v), {});
  });

  it('needs the full eight bytes of time', () => {
    assert.equal(decodeResumeToken({ _data: '826553F100' }).clusterTime, undefined);
  });
});
