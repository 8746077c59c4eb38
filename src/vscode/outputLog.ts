// The "Change Stream Inspector" log channel: every line passes through the known-secrets redaction
// before it reaches the channel, so a password can never be logged by accident.
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { Probe } from './probe';
import { DisposableOwner } from './lifecycle';

type ConnectionStringModule = typeof import('../core/connections/connectionString');
let connectionStringModule: Promise<ConnectionStringModule> | undefined;

/**
 * The connection-string library costs ~60 ms to load (its URL parser's tables), so it loads after
 * activation, on first need.
 */
export function loadConnectionString(): Promise<ConnectionStringModule> {
  // require() in a promise rather than import(): the same lazy load in the bundle, and it also works
  // where the sources run as CommonJS under mocha.
  connectionStringModule ??= Promise.resolve().then(
    () => require('../core/connections/connectionString') as ConnectionStringModule,
  );
  return connectionStringModule;
}

/** Passwords and full connection strings the extension has handled; used to scrub any outgoing text. */
export class KnownSecrets {
  private readonly values = new Set<string>();
  private redactSecrets: ConnectionStringModule['redactSecrets'] | undefined;

  /** Loads the library redaction; until then known values are replaced verbatim (they are exact strings). */
  async load(): Promise<void> {
    this.redactSecrets = (await loadConnectionString()).redactSecrets;
  }

  add(...values: (string | undefined)[]): void {
    for (const v of values) if (v && v.length > 0) this.values.add(v);
  }

  forget(value: string): void {
    this.values.delete(value);
  }

  list(): string[] {
    return [...this.values];
  }

  redact(text: string): string {
    if (this.values.size === 0) return text;
    if (this.redactSecrets) return this.redactSecrets(text, this.list());
    let out = text;
    for (const v of this.list().sort((a, b) => b.length - a.length)) out = out.split(v).join('****');
    return out;
  }
}

export class OutputLog extends DisposableOwner implements Logger {
  readonly channel: vscode.LogOutputChannel;

  constructor(
    private readonly secrets: KnownSecrets,
    private readonly probe: Probe | undefined,
  ) {
    super();
    this.channel = this._register(vscode.window.createOutputChannel('Change Stream Inspector', { log: true }));
  }

  trace(m: string): void {
    this.channel.trace(this.clean('trace', m));
  }
  debug(m: string): void {
    this.channel.debug(this.clean('debug', m));
  }
  info(m: string): void {
    this.channel.info(this.clean('info', m));
  }
  warn(m: string): void {
    this.channel.warn(this.clean('warn', m));
  }
  error(m: string): void {
    this.channel.error(this.clean('error', m));
  }

  show(): void {
    this.channel.show(true);
  }

  private clean(level: string, m: string): string {
    const line = this.secrets.redact(m);
    this.probe?.record('log', `${level} ${line}`);
    return line;
  }
}
