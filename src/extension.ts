// Entry point: builds the objects, registers views, commands, the panel serializer and the status
// bar in context.subscriptions, and nothing else. The driver and the sandbox load on first use.
import * as vscode from 'vscode';
import { Commands, Views } from './vscode/commandIds';
import { Pickers } from './vscode/commands/pickers';
import { ConnectionStore, SANDBOX_ID } from './vscode/connections/connectionStore';
import { Deployments } from './vscode/connections/deployments';
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
import { disposeDiffEditor } from './vscode/diff/diffEditor';
// recording (issue 12)
import { FieldMaskingSettings } from './vscode/recording/fieldMasking';
import { setRecordingActions } from './vscode/panel/handlers/recording';
import { setRecordingReopener } from './vscode/recording/recordingRestore';
// pipeline editing (issue 7)
import type { PipelineEditing } from './vscode/pipeline/pipelineEditing';
import type { PipelineGlue } from './vscode/panel/handlers/pipelineGlue';
// Feature glue that activation does not run: thin commands now, their chunk on first use.
import { LazyFeature } from './vscode/chunks/lazyFeature';
import { LazyTree } from './vscode/chunks/lazyTree';
import type { Bookmarks } from './vscode/bookmarks/bookmarks';
import type { PanelBookmarks } from './vscode/panel/handlers/context';
// One instance per extension host of the modules a glue chunk shares with the entry (scripts/build.mjs).
import * as emitter from './core/emitter';
import * as lifecycle from './vscode/lifecycle';
import * as recordedSource from './core/recording/recordedSource';
import * as diffEditor from './vscode/diff/diffEditor';
import * as recordingHandlers from './vscode/panel/handlers/recording';
import * as diffHandlers from './vscode/panel/handlers/diff';
import * as pipelineHandlers from './vscode/panel/handlers/pipeline';

export const sharedModules = {
  emitter,
  lifecycle,
  recordedSource,
  diffEditor,
  recordingHandlers,
  diffHandlers,
  pipelineHandlers,
};

type CommandsChunk = typeof import('./vscode/chunks/commandsChunk');
const commandsChunk = (): CommandsChunk => require('./vscode/chunks/commandsChunk') as CommandsChunk;
type PipelineGlueChunk = typeof import('./vscode/chunks/pipelineGlueChunk');
const pipelineGlueChunk = (): PipelineGlueChunk => require('./vscode/chunks/pipelineGlueChunk') as PipelineGlueChunk;
type DoctorChunk = typeof import('./vscode/chunks/doctorChunk');
type RecordingChunk = typeof import('./vscode/chunks/recordingChunk');
type ImageCommandsChunk = typeof import('./vscode/chunks/imageCommandsChunk');
type BookmarksGlueChunk = typeof import('./vscode/chunks/bookmarksGlueChunk');
const doctorChunk = (): DoctorChunk => require('./vscode/chunks/doctorChunk') as DoctorChunk;
const recordingChunk = (): RecordingChunk => require('./vscode/chunks/recordingChunk') as RecordingChunk;
const imageCommandsChunk = (): ImageCommandsChunk =>
  require('./vscode/chunks/imageCommandsChunk') as ImageCommandsChunk;
const bookmarksGlueChunk = (): BookmarksGlueChunk =>
  require('./vscode/chunks/bookmarksGlueChunk') as BookmarksGlueChunk;

/** The command ids each lazy feature registers (its `register()`), registered thin at activation. */
const watchCommandIds = [
  Commands.watchCollection,
  Commands.watchDatabase,
  Commands.watchDeployment,
  Commands.stopWatch,
  Commands.togglePause,
  Commands.clearEvents,
];
const connectionCommandIds = [
  Commands.addConnection,
  Commands.editConnection,
  Commands.renameConnection,
  Commands.removeConnection,
  Commands.refresh,
  Commands.testConnection,
];
const pipelineCommandIds = [
  Commands.editPipeline,
  Commands.applyPipelineDocument,
  Commands.pickPipeline,
  Commands.savePipeline,
  Commands.deleteSavedPipeline,
  Commands.copyWatchAsCode,
];
const doctorCommandIds = [Commands.runDoctor, Commands.doctorApplyFix, Commands.doctorCopyRecipe];
const recordingCommandIds = [Commands.exportEvents, Commands.openRecording, Commands.replayEvents];
const imageCommandIds = [Commands.enableImages, Commands.disableImages];
const diffCommandIds = [
  Commands.diffCompareImages,
  Commands.diffComparePrevious,
  Commands.diffCompareSelected,
  Commands.diffSelectForCompare,
];
const bookmarkCommandIds = [
  Commands.bookmarkCurrentPosition,
  Commands.bookmarkEvent,
  Commands.resumeFromBookmark,
  Commands.resumeFromBookmarkWith,
  Commands.startAtTime,
  Commands.followWatch,
  Commands.renameBookmark,
  Commands.editBookmarkNote,
  Commands.copyBookmarkToken,
  Commands.deleteBookmark,
  Commands.exportBookmarks,
  Commands.importBookmarks,
  Commands.checkBookmarkAges,
];

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
  // bookmarks (issue 9): the panels show them, the Bookmarks view lists them; the glue loads when the
  // view first asks for rows, on a bookmark command, a panel, the first watch (follow mode) or the Doctor.
  // Late-bound: the commands need the panels, made below.
  // eslint-disable-next-line prefer-const
  let panelsForBookmarks: InspectorPanels | undefined;
  const bookmarks = new LazyFeature<Bookmarks>(
    bookmarkCommandIds,
    () => {
      const b = new (bookmarksGlueChunk().Bookmarks)(context.workspaceState, store, deployments, watches, log, notices);
      b.forPanels((w) => panelsForBookmarks?.show(w));
      return b;
    },
    (b) => b.registerCommands({ activeWatch: () => panelsForBookmarks?.activeWatch() }),
  );
  const bookmarkTree = new LazyTree(() => bookmarks.load().tree);
  const panelBookmarks: PanelBookmarks = {
    get service() {
      return bookmarks.load().service;
    },
    get travel() {
      return bookmarks.load().travel;
    },
  };
  const doctor = new LazyFeature(
    doctorCommandIds,
    () =>
      new (doctorChunk().DoctorCommands)(deployments, pickers, log, (id) =>
        bookmarks
          .load()
          .service.list()
          .filter((b) => b.connectionId === id),
      ),
    (d) => d.register(),
  );
  // diff (issue 8): the panel's image status and its Enable/Disable links run the tree's commands.
  const imageCommands = new LazyFeature(
    imageCommandIds,
    () => {
      const chunk = imageCommandsChunk();
      const commands = new chunk.ImageCommands(deployments, () => tree.refresh(), log);
      return { commands, status: new chunk.ImageStatusReader(deployments, commands) };
    },
    (i) => i.commands.register(),
  );

  // The panels are made just below; the pipeline glue reaches them late-bound, as they reach it.
  // It loads on a pipeline command or a panel's pipeline request: until then no pipeline document
  // exists, so its code lenses, diagnostics and context key have nothing to show.
  const pipelines = new LazyFeature<PipelineEditing>(
    pipelineCommandIds,
    () =>
      new (pipelineGlueChunk().PipelineEditing)(context.workspaceState, watches, (): InspectorPanels => panels, log),
    (p) => p.register(),
  );
  const pipelineGlue: PipelineGlue = {
    get library() {
      return pipelines.load().library;
    },
    applied: (w, text) => pipelines.load().applied(w, text),
    draftChanged: (w, text) => pipelines.load().draftChanged(w, text),
    openInEditor: (w, text) => pipelines.load().openInEditor(w, text),
    copyAsCode: (w, language) => pipelines.load().copyAsCode(w, language),
  };
  const panels: InspectorPanels = new InspectorPanels(
    context.extensionUri,
    context.workspaceState,
    watches,
    log,
    known,
    probe,
    {
      start: async (w, position) => {
        await watchCommands.load().start(w, position);
      },
      connectionExists: (id) => id === SANDBOX_ID || store.get(id) !== undefined,
      runDoctor: async (w, errorCode) => void (await doctor.load().runForWatch(w.target, errorCode)),
      masking: () => ({ fields: [...masking.fields] }),
      pipeline: pipelineGlue,
      bookmarks: panelBookmarks,
      images: {
        status: (w) => imageCommands.load().status.status(w.target),
        set: (w, on) => imageCommands.load().status.set(w.target, on),
      },
    },
  );
  panelsForBookmarks = panels;
  // The watch and connection commands (with Test Connection) load on their first use.
  const watchCommands = new LazyFeature(
    watchCommandIds,
    () => new (commandsChunk().WatchCommands)(store, deployments, watches, panels, pickers, log, notices),
    (c) => c.register(),
  );
  const connectionCommands = new LazyFeature(
    connectionCommandIds,
    () =>
      new (commandsChunk().ConnectionCommands)(store, deployments, watches, tree, log, notices, (w) =>
        watchCommands.load().start(w),
      ),
    (c) => c.register(),
  );
  const statusBar = new WatchStatusBar(watches);
  const view = vscode.window.createTreeView(Views.connections, { treeDataProvider: tree, showCollapseAll: true });
  const recording = new LazyFeature(
    recordingCommandIds,
    () => new (recordingChunk().RecordingCommands)(panels, watches, deployments, pickers, masking, log, notices),
    (r) => r.register(),
  );
  const diffCommands = new LazyFeature(
    diffCommandIds,
    () => new (imageCommandsChunk().DiffCommands)(() => panels.activeWatch()),
    (d) => d.register(),
  );

  let stopping: Promise<void> | undefined;
  shutdown = () => {
    stopping ??= (async () => {
      log.info('Shutting down: stopping every watch, closing every client, stopping the sandbox.');
      panels.dispose();
      if (bookmarks.loaded) await bookmarks.load().flush();
      await watches.disposeAll();
      await deployments.closeAll();
      await sandbox.stop();
    })();
    return stopping;
  };

  // The panel's Export… and Replay… buttons run the recording commands' own actions.
  setRecordingActions({
    exportEvents: (source, scope) => recording.load().actions.exportEvents(source, scope),
    replayEvents: (source) => recording.load().actions.replayEvents(source),
  });
  // A recording panel revived after a window reload reads its file again (recordingRestore.ts).
  setRecordingReopener((path, id) => recording.load().reopen(path, id));

  context.subscriptions.push(
    log,
    store,
    tree,
    view,
    statusBar,
    panels,
    watches,
    panels.register(),
    watchCommands,
    connectionCommands,
    doctor,
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
    imageCommands,
    diffCommands,
    { dispose: disposeDiffEditor },
    // recording (issue 12)
    masking,
    recording,
    { dispose: () => setRecordingActions(undefined) },
    { dispose: () => setRecordingReopener(undefined) },
    masking.onDidChange(() => recording.load().maskingChanged()),
    // pipeline editing (issue 7)
    pipelines,
    // bookmarks (issue 9)
    bookmarks,
    vscode.window.createTreeView(Views.bookmarks, { treeDataProvider: bookmarkTree, showCollapseAll: true }),
    bookmarkTree,
    // Follow mode adopts every new watch; the first one loads the glue, which then listens itself.
    watches.onDidCreate((w) => {
      if (!bookmarks.loaded) bookmarks.load().follow.adopt(w);
    }),
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
    bookmarkRows: (node) => bookmarks.load().rows(node),
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
