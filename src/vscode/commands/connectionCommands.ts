// Add / edit / rename / remove connection and refresh. The connection string is typed once, checked
// with the connection-string library, stored in SecretStorage, and only ever shown redacted after.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { SANDBOX_ID, type ConnectionStore } from '../connections/connectionStore';
import type { Deployments } from '../connections/deployments';
import type { Notices } from '../notices';
import { loadConnectionString } from '../outputLog';
import type { ConnectionTree } from '../tree/connectionTree';
import type { TreeNode } from '../tree/nodes';
import type { Watch } from '../../core/watch/watch';
import type { WatchList } from '../watches/watchList';
import { Commands } from '../commandIds';
import type { ConnectionTestResult } from '../../core/connections/connectionTest';

type Validate = (typeof import('../../core/connections/connectionString'))['validateConnectionString'];

function validator(validateConnectionString: Validate): (text: string) => string | undefined {
  return (text) => {
    if (text.trim().length === 0) return 'Paste a connection string, e.g. mongodb://localhost:27017/?replicaSet=rs0';
    const r = validateConnectionString(text.trim());
    return r.ok ? undefined : r.message;
  };
}

/** What to do with a typed connection string before it is saved. */
type SaveStep = 'save' | 'test' | undefined;

function anyConnectionIdOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Partial<TreeNode> & { connectionId?: unknown };
  return a.kind === 'connection' && typeof a.connectionId === 'string' ? a.connectionId : undefined;
}

function connectionIdOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Partial<TreeNode> & { connectionId?: unknown };
  return a.kind === 'connection' && typeof a.connectionId === 'string' && a.connectionId !== SANDBOX_ID
    ? a.connectionId
    : undefined;
}

export class ConnectionCommands {
  constructor(
    private readonly store: ConnectionStore,
    private readonly deployments: Deployments,
    private readonly watches: WatchList,
    private readonly tree: ConnectionTree,
    private readonly logger: Logger,
    private readonly notices: Notices,
    /** Reopens a watch (the watch commands' start, which reports a failure to open). */
    private readonly restart: (watch: Watch) => Promise<void>,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.addConnection, (arg?: unknown) => this.add(arg)),
      vscode.commands.registerCommand(Commands.editConnection, (arg?: unknown) => this.edit(arg)),
      vscode.commands.registerCommand(Commands.renameConnection, (arg?: unknown) => this.rename(arg)),
      vscode.commands.registerCommand(Commands.removeConnection, (arg?: unknown) => this.remove(arg)),
      vscode.commands.registerCommand(Commands.refresh, (arg?: TreeNode) => this.tree.refresh(arg)),
      vscode.commands.registerCommand(Commands.testConnection, (arg?: unknown) => this.test(arg)),
    ];
  }

  /** Returns the new connection's id. `{ uri, name }` as argument skips the inputs (command links, tests). */
  async add(arg?: unknown): Promise<string | undefined> {
    const { validateConnectionString } = await loadConnectionString();
    const validate = validator(validateConnectionString);
    const given = typeof arg === 'object' && arg !== null ? (arg as { uri?: unknown; name?: unknown }) : {};
    let uri = typeof given.uri === 'string' ? given.uri.trim() : undefined;
    if (uri !== undefined && validate(uri)) {
      void this.notices.error(`That connection string is not valid: ${validate(uri)}`);
      return undefined;
    }
    uri ??= (
      await vscode.window.showInputBox({
        title: 'Add Connection (1/3): connection string',
        prompt:
          "A mongodb:// or mongodb+srv:// connection string. It is kept in VS Code's secret storage and shown redacted.",
        placeHolder: 'mongodb://user:password@host:27017/?replicaSet=rs0',
        password: false,
        ignoreFocusOut: true,
        validateInput: validate,
      })
    )?.trim();
    if (!uri) return undefined;
    const checked = validateConnectionString(uri);
    if (!checked.ok) return undefined;
    let name = typeof given.name === 'string' && given.name.trim() ? given.name.trim() : undefined;
    name ??= (
      await vscode.window.showInputBox({
        title: 'Add Connection (2/3): name',
        prompt: 'A name for the connection tree',
        value: checked.defaultName,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Give the connection a name'),
      })
    )?.trim();
    if (!name) return undefined;
    // Links and tests that pass { uri, name } save at once unless they ask for the test ({ test: true }).
    const step: SaveStep =
      given.uri !== undefined
        ? (given as { test?: unknown }).test === true
          ? 'test'
          : 'save'
        : await this.askSaveStep('Add Connection (3/3)');
    if (!step) return undefined;
    if (step === 'test' && !(await this.testBeforeSaving(uri, name))) return undefined;
    const saved = await this.store.add(name, uri);
    this.logger.info(`Added connection "${saved.name}" (${saved.display}).`);
    return saved.id;
  }

  private async edit(arg?: unknown): Promise<void> {
    const id = connectionIdOf(arg);
    const saved = id ? this.store.get(id) : undefined;
    if (!id || !saved) return;
    const { joinSecret, nameAfterEdit, splitSecret, validateConnectionString } = await loadConnectionString();
    const validate = validator(validateConnectionString);
    const current = await this.store.uri(id);
    const { publicUri, password } = current ? splitSecret(current) : { publicUri: '', password: undefined };
    const text = (
      await vscode.window.showInputBox({
        title: `Edit Connection "${saved.name}"`,
        prompt: password
          ? 'The saved password is not shown: leave it out to keep it, or type a new one.'
          : 'A mongodb:// or mongodb+srv:// connection string.',
        value: publicUri,
        password: false,
        ignoreFocusOut: true,
        validateInput: validate,
      })
    )?.trim();
    if (!text) return;
    const checked = validateConnectionString(text);
    if (!checked.ok) return;
    const next = !checked.hasPassword && password ? joinSecret(text, password) : text;
    if (next !== current) {
      const step = await this.askSaveStep(`Edit Connection "${saved.name}"`);
      if (!step) return;
      if (step === 'test' && !(await this.testBeforeSaving(next, saved.name))) return;
    }
    await this.store.update(id, next);
    const name = nameAfterEdit(saved.name, current, next);
    if (name !== saved.name) await this.store.rename(id, name);
    // The old client speaks for the old string: stop its watches, close it, then reopen the live
    // ones from their last tokens over a client made from the new string.
    const live = this.watches.forConnection(id).filter((w) => w.live);
    for (const w of live) await w.stop();
    await this.deployments.close(id);
    for (const w of live) void this.restart(w);
    this.tree.refresh({ kind: 'connection', connectionId: id, connectionName: name });
    this.logger.info(`Updated connection "${name}" (${this.store.get(id)?.display ?? ''}).`);
  }

  /** Test Connection on a node (or a picked connection): the result as a notification; returned for tests. */
  async test(arg?: unknown): Promise<ConnectionTestResult | undefined> {
    let id = anyConnectionIdOf(arg);
    if (!id) {
      const items = [
        ...this.store.list().map((c) => ({ label: c.name, description: c.display, id: c.id })),
        ...(this.store.sandboxVisible()
          ? [{ label: 'Sandbox', description: 'built-in replica set', id: SANDBOX_ID }]
          : []),
      ];
      if (items.length === 0) {
        void this.notices.info('There is no connection to test yet: add one with "Change Streams: Add Connection…".');
        return undefined;
      }
      id = (await vscode.window.showQuickPick(items, { title: 'Test Connection', placeHolder: 'Which connection?' }))
        ?.id;
    }
    if (!id) return undefined;
    const name = this.deployments.displayName(id);
    let result: ConnectionTestResult;
    try {
      result = await this.runTest(await this.deployments.uriOf(id), name);
    } catch (err) {
      result = { ok: false, sentence: `Not reachable: ${err instanceof Error ? err.message : String(err)}`, ms: 0 };
    }
    if (result.ok) void this.notices.info(`"${name}": ${result.sentence}`);
    else if (id === SANDBOX_ID) void this.notices.warn(`"${name}": ${result.sentence}`);
    else
      void this.notices.warn(`"${name}": ${result.sentence}`, 'Edit Connection').then((a) => {
        if (a) void vscode.commands.executeCommand(Commands.editConnection, { kind: 'connection', connectionId: id });
      });
    return result;
  }

  private async askSaveStep(title: string): Promise<SaveStep> {
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: '$(debug-disconnect) Test Connection, then save',
          step: 'test' as const,
          detail: 'Connects once (a few seconds at most) and says what it found.',
        },
        { label: '$(check) Save without testing', step: 'save' as const },
      ],
      { title, placeHolder: 'Test the connection before saving it?', ignoreFocusOut: true },
    );
    return picked?.step;
  }

  /** True to save: the test passed (said in a toast), or it failed and the person chose Save Anyway. */
  private async testBeforeSaving(uri: string, name: string): Promise<boolean> {
    const result = await this.runTest(uri, name);
    if (result.ok) {
      void this.notices.info(`"${name}": ${result.sentence} Saved.`);
      return true;
    }
    const answer = await this.notices.warn(`"${name}": ${result.sentence}`, 'Save Anyway', 'Cancel');
    return answer === 'Save Anyway';
  }

  private async runTest(uri: string, name: string): Promise<ConnectionTestResult> {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing the connection "${name}"…` },
      // The toast and the log line redact known secrets (Notices, OutputLog) on the way out.
      // Loaded on use: the test reaches the doctor's checks and, through them, the driver.
      async () => (await import('../../core/connections/connectionTest')).testConnection(uri),
    );
    this.logger.info(`Test Connection "${name}": ${result.sentence} (${result.ms} ms)`);
    return result;
  }

  private async rename(arg?: unknown): Promise<void> {
    const id = connectionIdOf(arg);
    const saved = id ? this.store.get(id) : undefined;
    if (!id || !saved) return;
    const name = (
      await vscode.window.showInputBox({
        title: 'Rename Connection',
        value: saved.name,
        validateInput: (v) => (v.trim() ? undefined : 'Give the connection a name'),
      })
    )?.trim();
    if (!name || name === saved.name) return;
    await this.store.rename(id, name);
    this.logger.info(`Renamed connection "${saved.name}" to "${name}".`);
  }

  private async remove(arg?: unknown): Promise<void> {
    const id = connectionIdOf(arg);
    const saved = id ? this.store.get(id) : undefined;
    if (!id || !saved) return;
    const live = this.watches.forConnection(id).length;
    const answer = await vscode.window.showWarningMessage(
      `Remove the connection "${saved.name}"?`,
      {
        modal: true,
        detail: live
          ? `Its ${live} watch(es) will stop. The saved connection string is deleted from secret storage.`
          : 'The saved connection string is deleted from secret storage.',
      },
      'Remove',
    );
    if (answer !== 'Remove') return;
    for (const w of this.watches.forConnection(id)) await w.stop();
    await this.deployments.close(id);
    await this.store.remove(id);
    this.logger.info(`Removed connection "${saved.name}".`);
  }
}
