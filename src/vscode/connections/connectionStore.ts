// Saved connections: names, ids and the redacted display form in globalState; the full connection
// string (with its password) only in SecretStorage. Never in settings, never in logs.
import * as vscode from 'vscode';
import { newId } from '../ids';
import { loadConnectionString, type KnownSecrets } from '../outputLog';
import { StorageKeys } from '../storageKeys';
import { DisposableOwner } from '../lifecycle';

export const SANDBOX_ID = 'sandbox';
export const SANDBOX_NAME = 'Sandbox';

export interface StoredConnection {
  id: string;
  name: string;
  /** Redacted connection string, safe to show. */
  display: string;
  createdAt: number;
}

const LIST_KEY = StorageKeys.connections;
const SANDBOX_SEEN_KEY = StorageKeys.sandboxSeen;
const secretKey = StorageKeys.connectionSecret;

export class ConnectionStore extends DisposableOwner {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly known: KnownSecrets,
  ) {
    super();
  }

  list(): StoredConnection[] {
    const raw = this.state.get<unknown>(LIST_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (c): c is StoredConnection =>
        typeof c === 'object' &&
        c !== null &&
        typeof c.id === 'string' &&
        typeof c.name === 'string' &&
        typeof c.display === 'string',
    );
  }

  get(id: string): StoredConnection | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** Whether the Sandbox connection is listed in the tree: once used, or once any connection exists. */
  sandboxVisible(): boolean {
    return this.state.get<boolean>(SANDBOX_SEEN_KEY) === true || this.list().length > 0;
  }

  async markSandboxSeen(): Promise<void> {
    if (this.state.get<boolean>(SANDBOX_SEEN_KEY) === true) return;
    await this.state.update(SANDBOX_SEEN_KEY, true);
    this.changed.fire();
  }

  async add(name: string, uri: string): Promise<StoredConnection> {
    const { redactConnectionString } = await this.remember(uri);
    const entry: StoredConnection = {
      id: newId(),
      name: name.trim(),
      display: redactConnectionString(uri),
      createdAt: Date.now(),
    };
    // Secret first: a listed connection without its string would be unusable.
    await this.secrets.store(secretKey(entry.id), uri);
    await this.save([...this.list(), entry]);
    return entry;
  }

  async update(id: string, uri: string): Promise<void> {
    const { redactConnectionString } = await this.remember(uri);
    await this.secrets.store(secretKey(id), uri);
    await this.save(this.list().map((c) => (c.id === id ? { ...c, display: redactConnectionString(uri) } : c)));
  }

  async rename(id: string, name: string): Promise<void> {
    await this.save(this.list().map((c) => (c.id === id ? { ...c, name: name.trim() } : c)));
  }

  async remove(id: string): Promise<void> {
    await this.save(this.list().filter((c) => c.id !== id));
    await this.secrets.delete(secretKey(id));
  }

  /** The full connection string; its secrets become known to the redaction before it is returned. */
  async uri(id: string): Promise<string | undefined> {
    const uri = await this.secrets.get(secretKey(id));
    if (uri) await this.remember(uri);
    return uri;
  }

  /** Loads every saved secret into the redaction set, so even early log lines are scrubbed. */
  async primeRedaction(): Promise<void> {
    await this.known.load();
    await Promise.all(this.list().map((c) => this.uri(c.id)));
  }

  private async remember(uri: string) {
    // Known before parsing, so a failure below still leaves the string redactable.
    this.known.add(uri);
    const lib = await loadConnectionString();
    await this.known.load();
    let password: string | undefined;
    let parsed = false;
    try {
      password = lib.splitSecret(uri).password;
      parsed = lib.validateConnectionString(uri).ok;
    } catch {
      password = undefined;
    }
    this.known.add(password, password ? encodeURIComponent(password) : undefined);
    // A string that parses and carries no password is no secret: scrubbing it would hide the
    // connection's own redacted display form ("Added connection … (****)").
    if (parsed && !password) this.known.forget(uri);
    return lib;
  }

  private async save(list: StoredConnection[]): Promise<void> {
    await this.state.update(LIST_KEY, list);
    this.changed.fire();
  }
}
