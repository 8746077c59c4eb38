import { strict as assert } from 'node:assert';
import { featuresOf, parseVersion } from '../../../../src/core/doctor/version';

const available = (v: string) =>
  featuresOf(parseVersion(v)!)
    .filter((f) => f.available)
    .map((f) => f.needs);

describe('doctor: version gates', () => {
  it('5.0 has none of the gated features', () => assert.deepEqual(available('5.0.26'), []));
  it('6.0.8 has images and expanded events but cannot split large events', () =>
    assert.deepEqual(available('6.0.8'), ['6.0', '6.0']));
  it('6.0.9 can split large events', () => assert.deepEqual(available('6.0.9'), ['6.0', '6.0', '6.0.9 or 7.0']));
  it('6.1 (a rapid release before 7.0) cannot', () => assert.deepEqual(available('6.1.0'), ['6.0', '6.0']));
  it('8.0 lacks nsType, 8.1 has it', () => {
    assert.equal(available('8.0.4').includes('8.1'), false);
    assert.equal(available('8.1.0').includes('8.1'), true);
  });
  it('prefers versionArray over the text', () => assert.deepEqual(parseVersion('garbage', [7, 0, 14, 0]), [7, 0, 14]));
});
