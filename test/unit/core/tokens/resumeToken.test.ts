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

// Real tokens: from MongoDB's own resume-token decoder tests (made by mongod 5.0/6.0) and a seed.
const V1_EVENT = '82612E8513000000012B022C0100296E5A1004A5093ABB38FE4B9EA67F01BB1A96D812463C5F6964003C5F5F5F78000004';
const V1_HIGH_WATER_MARK = '82612F653E000000022B0229296E04';
const V2_EVENT =
  '826275077A000000012B042C0100296E5A1004BFFDB617400E486099007C0E0048B305463C6F7065726174696F6E54797065003C696E736572740046646F63756D656E744B65790046645F696400646275077A2F3159F971E405C6000004';
const SEED_TRUNCATED = '826475A1E7000000012B022C0100296E5A1004D5F9E8B4C8F9E2D45A1B3C4D5E46736800';

describe('decodeResumeToken on real-shaped tokens', () => {
  it('reads a v1 event token: time, version 1, event type, txnOpIndex 0, not from invalidate, the UUID', () => {
    const d = decodeResumeToken({ _data: V1_EVENT });
    assert.deepEqual(d.clusterTime, { t: 1630438675, i: 1 });
    assert.equal(d.format, 'mongodb');
    assert.equal(d.version, 1);
    assert.equal(d.tokenType, 128);
    assert.equal(d.txnOpIndex, 0);
    assert.equal(d.fromInvalidate, false);
    assert.equal(d.uuid, 'a5093abb-38fe-4b9e-a67f-01bb1a96d812');
  });

  it('reads a high-water-mark token, which has no UUID', () => {
    const d = decodeResumeToken({ _data: V1_HIGH_WATER_MARK });
    assert.deepEqual(d.clusterTime, { t: 1630496062, i: 2 });
    assert.equal(d.version, 1);
    assert.equal(d.tokenType, 0);
    assert.equal(d.txnOpIndex, 0);
    assert.equal(d.fromInvalidate, false);
    assert.equal(d.uuid, undefined);
  });

  it('reads a v2 token (event identifier form) the same way', () => {
    const d = decodeResumeToken({ _data: V2_EVENT });
    assert.deepEqual(d.clusterTime, { t: 1651836794, i: 1 });
    assert.equal(d.version, 2);
    assert.equal(d.tokenType, 128);
    assert.equal(d.uuid, 'bffdb617-400e-4860-9900-7c0e0048b305');
  });

  it('reads fromInvalidate true (0x6F) and a multi-byte txnOpIndex', () => {
    // txnOpIndex 300 -> 600 = 0x0258 in two bytes (0x2C); kBoolTrue = 0x6F
    const d = decodeResumeToken({ _data: '82612E8513000000012B022C01002C02586F04' });
    assert.equal(d.txnOpIndex, 300);
    assert.equal(d.fromInvalidate, true);
  });

  it('reads a version 0 token, which has no tokenType and no fromInvalidate', () => {
    const d = decodeResumeToken({ _data: '82612E851300000001292904' });
    assert.equal(d.version, 0);
    assert.equal(d.tokenType, undefined);
    assert.equal(d.txnOpIndex, 0);
    assert.equal(d.fromInvalidate, undefined);
  });

  it('decodes the prefix of a truncated token (seed) and leaves the rest opaque', () => {
    const d = decodeResumeToken({ _data: SEED_TRUNCATED });
    assert.deepEqual(d.clusterTime, { t: 0x6475a1e7, i: 1 });
    assert.equal(d.fromInvalidate, false);
    assert.equal(d.uuid, 'd5f9e8b4-c8f9-e2d4-5a1b-3c4d5e467368');
  });

  it('reads the sandbox form: invalidate flag and fragment number', () => {
    const plain = decodeResumeToken({ _data: '82692DE3A0000000052B02' + '00' + '00000000' + '04' });
    assert.equal(plain.format, 'sandbox');
    assert.deepEqual(plain.clusterTime, { t: 0x692de3a0, i: 5 });
    assert.equal(plain.fromInvalidate, false);
    assert.equal(plain.fragment, 0);
    const inv = decodeResumeToken({ _data: '82692DE3A0000000062B02' + '01' + '00000003' + '04' });
    assert.equal(inv.fromInvalidate, true);
    assert.equal(inv.fragment, 3);
  });

  it('stops at the first unexpected byte but keeps the time', () => {
    for (const hex of [
      '82612E8513000000012B03', // odd value = fractional number: not a version
      '82612E8513000000013C', // a string where the version belongs
      '82612E8513000000012B022C0100297A', // neither true nor false
      '82612E8513000000012B', // cut inside the version
      '82612E851300000001FF',
    ]) {
      const d = decodeResumeToken({ _data: hex });
      assert.deepEqual(d.clusterTime, { t: 1630438675, i: 1 }, hex);
      assert.equal(d.fromInvalidate, undefined, hex);
    }
  });

  it('gives no time for tokens that are not KeyString hex, but keeps them usable as hex', () => {
    for (const hex of ['resumeToken1', '', '83612E851300000001', 'zz612E8513000000012B02']) {
      const d = decodeResumeToken({ _data: hex });
      assert.equal(d.hex, hex);
      assert.equal(d.clusterTime, undefined, hex);
    }
  });

  it('reports an unknown version as unknown rather than guessing', () => {
    const d = decodeResumeToken({ _data: '82612E8513000000012B0A04' });
    assert.equal(d.format, 'unknown');
    assert.equal(d.version, undefined);
  });
});
