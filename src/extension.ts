// Entry point: builds the objects, registers views, commands, the panel serializer and the status
// bar in context.subscriptions, and nothing else. The driver and the sandbox load on first use.
import * as vscode from 'vscode';
import { Commands, Views } from './vscode/commandIds';
import { ConnectionCommands } from './vscode/commands/connectionCommands';
import { Pickers } from './vscode/commands/pickers';
import { WatchCommands } from './vscode/commands/watchCommands';
import { ConnectionStore, SANDBOX_ID } from './vscode/connections/connectionStore';
import { Deployments } from './vscode/connections/deployments';
import { DoctorCommands } from './vscode/doctor/doctorCommands';
import { SandboxHost } from './vscode/connections/sandboxHost';
import { Notices } from './vscode/notices';
import { KnownSecrets, OutputLog } from './vscode/outputLog';
import { InspectorPanels } from './vscode/panel/inspectorPanels';
import { Probe } from './vscode/probe';
import { isTestMode } from './vscode/testMode';
import { affectsDemoRate, affectsLogLimits, readSandboxSettings } from './vscode/settings';
import { SandboxCommands } from './vscode/commands/sandboxCommands';
import { FOCUS_INSPECTOR_COMMAND, WatchStatusBar } from './vscode/statusBar';
import type { InspectorTestApi, TreeRow } from './vscode/testApi';
import { ConnectionTree } from './vscode/tree/connectionTree';
import type { TreeNode } from './vscode/tree/nodes';
import { WatchList } from './vscode/watches/watchList';
import { liveListenerCount } from './core/emitter';
import { ownedDisposableCount } from './vscode/lifecycle';
// diff (issue 8)
import { ImageCommands } from './vscode/commands/imageCommands';
import { disposeDiffEditor } from './vscode/diff/diffEditor';
// recording (issue 12)
import { FieldMaskingSettings } from './vscode/recording/fieldMasking';
import { RecordingCommands } from './vscode/recording/recordingCommands';
// pipeline editing (issue 7)
import { PipelineEditing } from './vscode/pipeline/pipelineEditing';
// bookmarks (issue 9)
import { Bookmarks } from './vscode/bookmarks/bookmarks';
import { DiffCommands } from './vscode/diff/diffCommands';
import { ImageStatusReader } from './vscode/diff/imageStatus';

let shutdown: (() => Promise<void>) | undefined;
let currentApi: InspectorTestApi | undefined;
let stableApi: InspectorTestApi | undefined;

export function activate(context: vscode.ExtensionContext): InspectorTestApi | undefined {
  // Only under a test runner does anything keep copies of what went out (see testMode.ts).
  const testMode = isTestMode(context);
  const probe = testMode ? new Probe() : undefined;
  const known = new KnownSecrets();
  const log = new OutputLog(known, probe);
  const notices = new Notices(known, probe);
  const store = new ConnectionStore(context.globalState, context.secrets, known);
  void store.primeRedaction();

  // Late-bound: the tree is built after the sandbox host, which tells it when its tooltip changes.
  let redrawTree = (): void => undefined;
  const sandbox = new SandboxHost(
    log,
    () => {
      void store.markSandboxSeen();
      redrawTree();
    },
    context.globalStorageUri.fsPath,
    (n) => void (n.level === 'warn' ? notices.warn(n.text) : notices.info(n.text)),
  );
  const deployments = new Deployments(store, sandbox, log);
  const masking = new FieldMaskingSettings(log);
  const watches = new WatchList(deployments, log, known, masking.mask);
  const tree = new ConnectionTree(store, deployments, watches, log, known);
  const sandboxCommands = new SandboxCommands(sandbox, notices, log);
  tree.sandboxTooltip = () => sandboxCommands.tooltip();
  redrawTree = () => tree.redraw();
  const pickers = new Pickers(store, deployments, known, notices);
  // bookmarks (issue 9): the panels show them, the Bookmarks view lists them; the driver loads on first use.
  const bookmarks = new Bookmarks(context.workspaceState, store, deployments, watches, log, notices);
  const doctor = new DoctorCommands(deployments, pickers, log, (id) =>
    bookmarks.service.list().filter((b) => b.connectionId === id),
  );
  // diff (issue 8): the panel's image status and its Enable/Disable links run the tree's commands.
  const imageCommands = new ImageCommands(deployments, () => tree.refresh(), log);
  const imageStatus = new ImageStatusReader(deployments, imageCommands);

  // Assigned once below; the panels need a late-bound reference because WatchCommands needs the panels.
  // eslint-disable-next-line prefer-const
  let watchCommands: WatchCommands | undefined;
  // The panels are made just below; the pipeline glue reaches them late-bound, as they reach it.
  const pipelines: PipelineEditing = new PipelineEditing(
    context.workspaceState,
    watches,
    (): InspectorPanels => panels,
    log,
  );
  const panels: InspectorPanels = new InspectorPanels(
    context.extensionUri,
    context.workspaceState,
    watches,
    log,
    known,
    probe,
    {
      start: async (w, position) => {
        await watchCommands?.start(w, position);
      },
      connectionExists: (id) => id === SANDBOX_ID || store.get(id) !== undefined,
      runDoctor: async (w, errorCode) => void (await doctor.runForWatch(w.target, errorCode)),
      masking: () => ({ fields: [...masking.fields] }),
      pipeline: pipelines,
      bookmarks: bookmarks.forPanels((w) => panels.show(w)),
      images: { status: (w) => imageStatus.status(w.target), set: (w, on) => imageStatus.set(w.target, on) },
    },
  );
  watchCommands = new WatchCommands(store, deployments, watches, panels, pickers, log, notices);
  const connectionCommands = new ConnectionCommands(store, deployments, watches, tree, log, notices, (w) =>
    watchCommands.start(w),
  );
  const statusBar = new WatchStatusBar(watches);
  const view = vscode.window.createTreeView(Views.connections, { treeDataProvider: tree, showCollapseAll: true });

  let stopping: Promise<void> | undefined;
  shutdown = () => {
    stopping ??= (async () => {
      log.info('Shutting down: stopping every watch, closing every client, stopping the sandbox.');
      panels.dispose();
      await bookmarks.flush();
      await watches.disposeAll();
      await deployments.closeAll();
      await sandbox.stop();
    })();
    return stopping;
  };

  context.subscriptions.push(
    log,
    store,
    tree,
    view,
    statusBar,
    panels,
    watches,
    panels.register(),
    ...watchCommands.register(),
    ...connectionCommands.register(),
    ...doctor.register(),
    ...sandboxCommands.register(),
    vscode.commands.registerCommand(Commands.showLog, () => log.show()),
    vscode.commands.registerCommand(FOCUS_INSPECTOR_COMMAND, () => {
      if (!panels.focusLatest()) void vscode.commands.executeCommand(Commands.focusConnections);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLogLimits(e)) watches.applyLogLimits();
      if (affectsDemoRate(e)) void sandbox.setDemoRate(readSandboxSettings().demoRate);
    }),
    // diff (issue 8)
    ...imageCommands.register(),
    ...new DiffCommands(() => panels.activeWatch()).register(),
    { dispose: disposeDiffEditor },
    // recording (issue 12)
    masking,
    ...new RecordingCommands(panels, watches, deployments, pickers, masking, log, notices).register(),
    // pipeline editing (issue 7)
    pipelines,
    ...pipelines.register(),
    // bookmarks (issue 9)
    bookmarks,
    ...bookmarks.register(panels),
  );
  log.info(`Change Stream Inspector ${String(context.extension.packageJSON.version ?? '')} activated.`);
  // Every watch that had a panel reopens now from its saved token, whether its tab is shown or not.
  void panels.restoreOpenWatches().catch((err: unknown) => log.warn(`Restoring watches failed: ${String(err)}`));
  if (!testMode || !probe) return undefined;

  const treeRows = async (node?: TreeNode): Promise<TreeRow[]> => {
    const children = await tree.getChildren(node);
    return children.map((child) => {
      const item = tree.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return {
        label,
        description: typeof item.description === 'string' ? item.description : undefined,
        contextValue: item.contextValue,
        node: child,
      };
    });
  };

  const api: InspectorTestApi = {
    sessions: () => watches.all().map((w) => ({ id: w.id, target: w.target, status: w.status, total: w.log.total })),
    sandboxUri: () => sandbox.uri,
    addConnection: async (name, uri) => (await store.add(name, uri)).id,
    removeConnection: (id) => store.remove(id),
    treeChildren: treeRows,
    openClients: () => deployments.openClients(),
    recorded: (channel) => probe.read(channel),
    liveObjects: () => ({
      listeners: liveListenerCount(),
      disposables: ownedDisposableCount(),
      sessions: watches.all().length,
      clients: deployments.openClients(),
      panels: panels.liveCounts().panels,
      panelBookkeeping: panels.liveCounts().bookkeeping,
    }),
    storedState: () => ({
      global: Object.fromEntries(context.globalState.keys().map((k) => [k, context.globalState.get(k)])),
      workspace: Object.fromEntries(context.workspaceState.keys().map((k) => [k, context.workspaceState.get(k)])),
    }),
    shutdown: () => shutdown?.() ?? Promise.resolve(),
    // bookmarks (issue 9)
    bookmarkRows: (node) => bookmarks.rows(node),
    eventKeys: (watchId) => {
      const w = watches.get(watchId);
      return w ? w.log.summaries(w.log.firstSeq, w.log.size).map((s) => s.key) : [];
    },
    rate: (id) => watches.get(id)?.rate() ?? 0,
    sandboxInfo: () => ({
      uri: sandbox.uri,
      demoRate: sandbox.demoRate,
      restored: sandbox.restoredFrom,
      snapshotPath: sandbox.snapshotPath,
    }),
    reload: async () => {
      const before = watches.all();
      await shutdown?.();
      shutdown = undefined;
      const keysBefore: Record<string, string[]> = {};
      for (const w of before) keysBefore[w.id] = w.log.summaries(w.log.firstSeq, w.log.size).map((s) => s.key);
      for (const d of context.subscriptions.splice(0)) d.dispose();
      activate(context);
      return keysBefore;
    },
  };
  // Callers keep the first activation's exports: one object that always speaks for the latest activation.
  currentApi = api;
  return (stableApi ??= new Proxy({} as InspectorTestApi, {
    get: (_, key) => currentApi?.[key as keyof InspectorTestApi],
  }));
}

export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}
