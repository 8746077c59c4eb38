// Privilege classification on connectionStatus replies shaped as MongoDB returns them with
// showPrivileges: true (the sandbox has users but no roles, so it cannot produce these).
import { strict as assert } from 'node:assert';
import { classifyPrivileges } from '../../../../src/core/doctor/privileges';

const reply = (privileges: unknown[], user = 'app') => ({
  authInfo: {
    authenticatedUsers: [{ user, db: 'admin' }],
    authenticatedUserRoles: [{ role: 'custom', db: 'admin' }],
    authenticatedUserPrivileges: privileges,
  },
  ok: 1,
});
const readOnShop = {
  resource: { db: 'shop', collection: '' },
  actions: ['changeStream', 'collStats', 'find', 'listCollections'],
};

describe('doctor: privileges from connectionStatus', () => {
  it('accepts the read role on the database for a collection and a database watch', () => {
    assert.equal(classifyPrivileges(reply([readOnShop]), { db: 'shop', coll: 'orders' }).status, 'ok');
    assert.equal(classifyPrivileges(reply([readOnShop]), { db: 'shop' }).status, 'ok');
  });

  it('refuses a deployment watch with only database-level privileges', () => {
    const v = classifyPrivileges(reply([readOnShop]), {});
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.missing, ['changeStream', 'find']);
  });

  it('names the missing action when only find is granted on the collection', () => {
    const v = classifyPrivileges(reply([{ resource: { db: 'shop', collection: 'orders' }, actions: ['find'] }]), {
      db: 'shop',
      coll: 'orders',
    });
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.missing, ['changeStream']);
    assert.match(v.sentence, /app@admin lacks the changeStream action on shop\.orders/);
  });

  it('does not let a privilege on another collection or the cluster resource count', () => {
    const v = classifyPrivileges(
      reply([
        { resource: { db: 'shop', collection: 'other' }, actions: ['changeStream', 'find'] },
        { resource: { cluster: true }, actions: ['changeStream', 'find'] },
      ]),
      { db: 'shop', coll: 'orders' },
    );
    assert.equal(v.status, 'fail');
  });

  it('accepts readAnyDatabase-style ({db:"", collection:""}) and root-style anyResource privileges everywhere', () => {
    const any = { resource: { db: '', collection: '' }, actions: ['changeStream', 'find'] };
    assert.equal(classifyPrivileges(reply([any]), {}).status, 'ok');
    assert.equal(
      classifyPrivileges(reply([{ resource: { anyResource: true }, actions: ['changeStream', 'find'] }]), { db: 'x' })
        .status,
      'ok',
    );
  });

  it('says unknown, not ok, when nobody is logged in (the sandbox and servers without access control)', () => {
    const v = classifyPrivileges(
      { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 },
      { db: 'shop' },
    );
    assert.equal(v.status, 'unknown');
  });
});
