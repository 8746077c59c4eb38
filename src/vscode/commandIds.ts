// Every command id the extension registers or runs, typed, in one place (package.json's
// contributes.commands lists the same ids; the exthost activation test checks they are registered).
export const Commands = {
  addConnection: 'csi.addConnection',
  editConnection: 'csi.editConnection',
  renameConnection: 'csi.renameConnection',
  removeConnection: 'csi.removeConnection',
  refresh: 'csi.refresh',
  watchCollection: 'csi.watchCollection',
  watchDatabase: 'csi.watchDatabase',
  watchDeployment: 'csi.watchDeployment',
  stopWatch: 'csi.stopWatch',
  togglePause: 'csi.togglePause',
  clearEvents: 'csi.clearEvents',
  showLog: 'csi.showLog',
  // diff (issue 8)
  enableImages: 'csi.enableImages',
  disableImages: 'csi.disableImages',
  diffCompareImages: 'csi.diff.compareImages',
  diffComparePrevious: 'csi.diff.comparePrevious',
  diffSelectForCompare: 'csi.diff.selectForCompare',
  diffCompareSelected: 'csi.diff.compareSelected',
  /** Internal (status bar click): not in the palette. */
  focusInspector: 'csi.focusInspector',
  // Change-Stream Doctor (issue 11)
  runDoctor: 'csi.runDoctor',
  doctorApplyFix: 'csi.doctor.applyFix',
  doctorCopyRecipe: 'csi.doctor.copyRecipe',
  // recording (issue 12)
  exportEvents: 'csi.exportEvents',
  openRecording: 'csi.openRecording',
  replayEvents: 'csi.replayEvents',
  // pipeline editing (issue 7)
  editPipeline: 'csi.editPipeline',
  applyPipelineDocument: 'csi.applyPipelineDocument',
  pickPipeline: 'csi.pickPipeline',
  savePipeline: 'csi.savePipeline',
  deleteSavedPipeline: 'csi.deleteSavedPipeline',
  copyWatchAsCode: 'csi.copyWatchAsCode',
  // bookmarks (issue 9)
  bookmarkCurrentPosition: 'csi.bookmarkCurrentPosition',
  /** Internal (the panel, tests): bookmark one event of a watch, `{ watchId, seq, label?, note? }`. */
  bookmarkEvent: 'csi.bookmarkEvent',
  resumeFromBookmark: 'csi.resumeFromBookmark',
  resumeFromBookmarkWith: 'csi.resumeFromBookmarkWith',
  startAtTime: 'csi.startAtTime',
  followWatch: 'csi.followWatch',
  renameBookmark: 'csi.renameBookmark',
  editBookmarkNote: 'csi.editBookmarkNote',
  copyBookmarkToken: 'csi.copyBookmarkToken',
  deleteBookmark: 'csi.deleteBookmark',
  exportBookmarks: 'csi.exportBookmarks',
  importBookmarks: 'csi.importBookmarks',
  checkBookmarkAges: 'csi.checkBookmarkAges',
  // Sandbox (issue 10)
  copySandboxConnectionString: 'csi.copySandboxConnectionString',
  setSandboxDemoRate: 'csi.setSandboxDemoRate',
  testConnection: 'csi.testConnection',
  /** Built in by VS Code for the view. */
  focusConnections: 'csi.connections.focus',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The tree view's id and the context keys the package.json `when` clauses read. */
export const Views = { connections: 'csi.connections', bookmarks: 'csi.bookmarks' } as const;
export const ContextKeys = {
  hasWatches: 'csi.hasWatches',
  /** The active editor is a watch's pipeline document (issue 7). */
  pipelineDocument: 'csi.pipelineDocument',
} as const;
