// A feature whose glue lives in a lazily required chunk (scripts/build.mjs `glueChunks`): activation
// registers the feature's command ids with thin handlers; the first call (or any `load()`) requires
// the chunk, builds the feature, replaces the thin handlers with the feature's own registrations and
// runs the call on them, so every command behaves as if it had been registered at activation.
import * as vscode from 'vscode';

export class LazyFeature<T> implements vscode.Disposable {
  private feature: T | undefined;
  private thin: vscode.Disposable[];
  private real: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    commandIds: readonly string[],
    private readonly create: () => T,
    private readonly register: (feature: T) => vscode.Disposable[] = () => [],
  ) {
    this.thin = commandIds.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        this.load();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }

  /** Whether the chunk was required and the feature built. */
  get loaded(): boolean {
    return this.feature !== undefined;
  }

  /** The feature, built (and its commands registered) on the first call. */
  load(): T {
    if (this.feature !== undefined) return this.feature;
    if (this.disposed) throw new Error('The feature was disposed (the extension is deactivating).');
    for (const d of this.thin.splice(0)) d.dispose();
    const feature = this.create();
    this.feature = feature;
    this.real = this.register(feature);
    return feature;
  }

  dispose(): void {
    this.disposed = true;
    for (const d of [...this.thin.splice(0), ...this.real.splice(0)]) d.dispose();
    const f = this.feature as { dispose?: () => unknown } | undefined;
    if (typeof f?.dispose === 'function') f.dispose();
  }
}
