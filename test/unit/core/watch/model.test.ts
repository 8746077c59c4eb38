import { strict as assert } from 'node:assert';
import { watchTitle } from '../../../../src/core/watch/model';

describe('watchTitle', () => {
  it('names the connection, so two watches on one namespace from two connections differ', () => {
    const a = watchTitle({
      connectionId: '1',
      connectionName: 'Sandbox',
      scope: 'collection',
      db: 'shop',
      coll: 'orders',
    });
    const b = watchTitle({
      connectionId: '2',
      connectionName: 'staging',
      scope: 'collection',
      db: 'shop',
      coll: 'orders',
    });
    assert.equal(a, 'shop.orders · Sandbox');
    assert.equal(b, 'shop.orders · staging');
  });

  it('names database and deployment watches with their connection', () => {
    assert.equal(
      watchTitle({ connectionId: '1', connectionName: 'prod', scope: 'database', db: 'shop' }),
      'shop (database) · prod',
    );
    assert.equal(watchTitle({ connectionId: '1', connectionName: 'prod', scope: 'deployment' }), 'prod (deployment)');
  });
});
