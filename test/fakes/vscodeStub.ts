// A stand-in for the 'vscode' module so glue code can be loaded in plain mocha: every property,
// call or `new` gives another stub; assignments are kept; ExtensionMode has its real values.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Loader = (request: string, ...rest: unknown[]) => unknown;

function stub(): unknown {
  const stored = new Map<PropertyKey, unknown>();
  const fn = function () {};
  return new Proxy(fn, {
    get(target, key) {
      if (stored.has(key)) return stored.get(key);
      if (key === 'then' || typeof key === 'symbol') return undefined;
      if (key === 'prototype') return target.prototype;
      const child = stub();
      stored.set(key, child);
      return child;
    },
    set(_t, key, value) {
      stored.set(key, value);
      return true;
    },
    apply: () => stub(),
    construct: () => stub() as object,
  });
}

export const ExtensionMode = { Production: 1, Development: 2, Test: 3 } as const;

/** Routes require('vscode') to a stub until the returned function is called. */
export function installVscodeStub(): () => void {
  // `import * as vscode` copies the module's own keys, so every top-level name must exist up front:
  // they are read from the API's type declarations.
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set(
    [...dts.matchAll(/^\t(?:export )?(?:namespace|class|enum|const|let) (\w+)/gm)].map((m) => m[1]),
  );
  const vscode: Record<string, unknown> = Object.fromEntries([...names].map((n) => [n, stub()]));
  vscode.ExtensionMode = ExtensionMode;
  const m = Module as unknown as { _load: Loader };
  const load = m._load;
  m._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  return () => {
    m._load = load;
  };
}

export function fakeContext(extensionMode: number): Record<string, unknown> {
  return {
    extensionMode,
    subscriptions: [] as { dispose(): unknown }[],
    globalState: stub(),
    workspaceState: stub(),
    secrets: stub(),
    extensionUri: stub(),
    // The sandbox host keeps its snapshot here; nothing is written unless a sandbox starts.
    globalStorageUri: { fsPath: join(tmpdir(), 'csi-fake-global-storage') },
    extension: { packageJSON: { version: '0.0.0-test' } },
  };
}
