// Where the real clients that check the sandbox live: mongosh (installed by scripts/setup-machine.sh
// into .vscode-test/, never a project dependency) and Debian's python3 with python3-pymongo 3.11.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const MONGOSH_VERSION = '2.12.0';
const root = resolve(__dirname, '../..');

/** The mongosh binary, or an error that says how to get it. */
export function mongoshPath(): string {
  const bin = join(root, '.vscode-test', `mongosh-${MONGOSH_VERSION}`, 'node_modules', '.bin', 'mongosh');
  if (!existsSync(bin)) throw new Error(`mongosh is not installed at ${bin}: run bash scripts/setup-machine.sh`);
  return bin;
}

/** Debian's python3 (where python3-pymongo is installed), not a pyenv or venv one that may be first on PATH. */
export function pythonPath(): string {
  const bin = '/usr/bin/python3';
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: run bash scripts/setup-machine.sh (installs python3-pymongo)`);
  return bin;
}
