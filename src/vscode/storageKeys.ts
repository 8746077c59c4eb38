// Every key the extension keeps in globalState, workspaceState or SecretStorage, in one place, so a
// rename or a format change is one edit and two features never share a key by accident.
export const StorageKeys = {
  /** workspaceState: the panels open in this window (watch id, title, target, options, last token). */
  openWatches: 'csi.openWatches.v1',
  /** globalState: the saved connections (names, ids, options; never the secret part). */
  connections: 'csi.connections.v1',
  /** globalState: the built-in Sandbox was used once (it shows in the tree from then on). */
  sandboxSeen: 'csi.sandboxSeen.v1',
  /** SecretStorage: one connection string per connection id. */
  connectionSecret: (id: string) => `csi.connection.${id}`,
  /** workspaceState: saved resume-token bookmarks (the bookmarks room's BOOKMARKS_KEY); the doctor reads them. */
  bookmarks: 'csi.bookmarks.v1',
} as const;
