// The one resource contract of the core: whatever registers something hands back a Disposable.
export interface Disposable {
  dispose(): void;
}
