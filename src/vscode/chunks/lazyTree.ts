// A tree view's data provider whose real provider lives in a lazily required chunk: the view is made
// at activation (so it shows, with its title actions and welcome), and the chunk is required when
// the view first asks for rows. Change events of the real provider are passed on.
import * as vscode from 'vscode';

export class LazyTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private provider: vscode.TreeDataProvider<T> | undefined;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => vscode.TreeDataProvider<T>) {}

  private real(): vscode.TreeDataProvider<T> {
    if (!this.provider) {
      const provider = this.load();
      this.provider = provider;
      this.forwarding = provider.onDidChangeTreeData?.((e) => this.changed.fire(e));
    }
    return this.provider;
  }

  getChildren(node?: T): vscode.ProviderResult<T[]> {
    return this.real().getChildren(node);
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real().getTreeItem(node);
  }

  getParent(node: T): vscode.ProviderResult<T> {
    return this.real().getParent?.(node);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
