// A typed, synchronous listener list. Hand-written (20 lines) because node's EventEmitter is untyped
// and vscode.EventEmitter is off limits in the core; a throwing listener never breaks the others.
import type { Disposable } from './disposable';

/** Listeners attached across every emitter now: the leak test checks it returns to its baseline. */
let liveListeners = 0;
export const liveListenerCount = (): number => liveListeners;

export class Emitter<T> {
  private listeners: ((value: T) => void)[] = [];

  on(listener: (value: T) => void): Disposable {
    this.listeners.push(listener);
    liveListeners++;
    return {
      dispose: () => {
        const before = this.listeners.length;
        this.listeners = this.listeners.filter((l) => l !== listener);
        liveListeners -= before - this.listeners.length;
      },
    };
  }

  fire(value: T, onListenerError?: (err: unknown) => void): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (err) {
        onListenerError?.(err);
      }
    }
  }

  get size(): number {
    return this.listeners.length;
  }

  clear(): void {
    liveListeners -= this.listeners.length;
    this.listeners = [];
  }
}
