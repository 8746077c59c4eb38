// The one lifecycle idiom of the glue: an owner that registers what it creates and disposes it all
// once; registering on an owner that is already gone disposes the newcomer at once (nothing leaks).
export interface IDisposable {
  dispose(): void;
}

/** Disposables held by every owner now: the leak test checks it returns to its baseline. */
let liveOwned = 0;
export const ownedDisposableCount = (): number => liveOwned;

export abstract class DisposableOwner implements IDisposable {
  private readonly owned = new Set<IDisposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.owned].reverse();
    liveOwned -= this.owned.size;
    this.owned.clear();
    for (const d of all) {
      try {
        d.dispose();
      } catch {
        // One failing dispose must not keep the others alive.
      }
    }
  }

  /** Public form of _register for owners handed to others (a panel host owns its listeners). */
  own<T extends IDisposable>(d: T): T {
    return this._register(d);
  }

  protected _register<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else if (!this.owned.has(d)) {
      this.owned.add(d);
      liveOwned++;
    }
    return d;
  }
}

/** Wraps a function as a disposable. */
export function toDisposable(fn: () => void): IDisposable {
  return { dispose: fn };
}
