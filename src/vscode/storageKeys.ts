// Every key the extension keeps in globalState, workspaceState or SecretStorage, in one place, so a
// rename or a format change is one edit and two features never share a key by accident.
export const StorageKeys = {
  /** workspaceState: the panels open in this window (watch id, title, target, options, last token). */
  openWatches: 'csi.openWatches.v1',
  /** workspaceState: the recording panels open in this window (id and file path only; issue 12). */
  openRecordings: 'csi.openRecordings.v1',
  /** globalState: the saved connections (names, ids, options; never the secret part). */
  connections: 'csi.connections.v1',
  /** globalState: the built-in Sandbox was used once (it shows in the tree from then on). */
  sandboxSeen: 'csi.sandboxSeen.v1',
  /** workspaceState: applied pipelines per connection + namespace, newest first (issue 7). */
  pipelineHistory: 'csi.pipelineHistory.v1',
  /** workspaceState: named saved pipelines (issue 7). */
  savedPipelines: 'csi.savedPipelines.v1',
  /** workspaceState: the resume-token bookmarks of this workspace (issue 9; follow-mode ones included). */
  bookmarks: 'csi.bookmarks.v1',
  /** SecretStorage: one connection string per connection id. */
  connectionSecret: (id: string) => `csi.connection.${id}`,
} as const;
