// Quick picks for commands started from the palette: connection → database → collection.
// Commands started from the tree get their node and never reach these.
import * as vscode from 'vscode';
import { SANDBOX_ID, SANDBOX_NAME, type ConnectionStore } from '../connections/connectionStore';
import type { Deployments } from '../connections/deployments';
import type { KnownSecrets } from '../outputLog';
import type { Notices } from '../notices';
import type { ConnectionNode } from '../tree/nodes';
import { Commands } from '../commandIds';

interface Picked<T> extends vscode.QuickPickItem {
  value: T;
}

const ADD = Symbol('add');

export class Pickers {
  constructor(
    private readonly store: ConnectionStore,
    private readonly deployments: Deployments,
    private readonly known: KnownSecrets,
    private readonly notices: Notices,
  ) {}

  async connection(title: string): Promise<ConnectionNode | undefined> {
    const items: Picked<ConnectionNode | typeof ADD>[] = [
      ...this.store.list().map((c) => ({
        label: `$(plug) ${c.name}`,
        description: c.display,
        value: { kind: 'connection' as const, connectionId: c.id, connectionName: c.name },
      })),
      {
        label: `$(beaker) ${SANDBOX_NAME}`,
        description: 'built-in replica set with demo data',
        value: { kind: 'connection' as const, connectionId: SANDBOX_ID, connectionName: SANDBOX_NAME, sandbox: true },
      },
      { label: '$(add) Add Connection…', value: ADD, alwaysShow: true },
    ];
    const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a connection' });
    if (!pick) return undefined;
    if (pick.value === ADD) {
      const id = await vscode.commands.executeCommand<string | undefined>(Commands.addConnection);
      const added = id ? this.store.get(id) : undefined;
      return added ? { kind: 'connection', connectionId: added.id, connectionName: added.name } : undefined;
    }
    return pick.value;
  }

  async database(title: string, connection: ConnectionNode): Promise<string | undefined> {
    const items = this.deployments
      .databases(connection.connectionId)
      .then((dbs) => dbs.map((d): Picked<string> => ({ label: `$(database) ${d.name}`, value: d.name })));
    return this.pick(title, `Pick a database of ${connection.connectionName}`, items, 'database');
  }

  async collection(title: string, connection: ConnectionNode, db: string): Promise<string | undefined> {
    const items = this.deployments.collections(connection.connectionId, db).then((colls) =>
      colls
        .filter((c) => c.type !== 'view')
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((c): Picked<string> => ({ label: `$(table) ${c.name}`, value: c.name })),
    );
    return this.pick(title, `Pick a collection of ${db}`, items, 'collection');
  }

  /** Shows a busy pick while listing; a listing failure becomes a message saying what to do. */
  private async pick(
    title: string,
    placeHolder: string,
    items: Promise<Picked<string>[]>,
    what: string,
  ): Promise<string | undefined> {
    const guarded = items.catch(async (err: unknown) => {
      // The error rules are a chunk (an import() of a source file would be inlined into the entry).
      const { classifyError } = require('../chunks/errorsChunk') as typeof import('../chunks/errorsChunk');
      const info = classifyError(err, (t: string) => this.known.redact(t));
      void this.notices.error(`Could not list ${what}s: ${info.message} ${info.action}`);
      return [] as Picked<string>[];
    });
    const pick = await vscode.window.showQuickPick(guarded, { title, placeHolder, matchOnDescription: true });
    return pick?.value;
  }
}
