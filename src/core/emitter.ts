// A typed, synchronous listener list. Hand-written (20 lines) because node's EventEmitter is untyped
// and vscode.EventEmitter is off limits in the core; a throwing listener never breaks the others.
import type { Disposable } from './disposable';

export class Emitter<T> {
  private listeners: ((value: T) => void)[] = [];

  on(listener: (value: T) => void): Disposable {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
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
    this.listeners = [];
  }
}
