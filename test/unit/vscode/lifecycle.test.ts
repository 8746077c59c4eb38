import { strict as assert } from 'node:assert';
import { DisposableOwner, toDisposable } from '../../../src/vscode/lifecycle';

class Owner extends DisposableOwner {
  hold(fn: () => void): void {
    this._register(toDisposable(fn));
  }
}

describe('DisposableOwner', () => {
  it('disposes what it owns once, newest first', () => {
    const order: number[] = [];
    const o = new Owner();
    o.hold(() => order.push(1));
    o.hold(() => order.push(2));
    o.dispose();
    o.dispose();
    assert.deepEqual(order, [2, 1]);
  });

  it('disposes at once what is registered after the owner is gone', () => {
    const o = new Owner();
    o.dispose();
    let disposed = false;
    o.hold(() => (disposed = true));
    assert.ok(disposed);
  });
});
