// Every command id the extension registers or runs, typed, in one place (package.json lists the same).
export const Commands = {
  watchCollection: 'csi.watchCollection',
  watchDatabase: 'csi.watchDatabase',
  watchDeployment: 'csi.watchDeployment',
  stopWatch: 'csi.stopWatch',
  togglePause: 'csi.togglePause',
  clearEvents: 'csi.clearEvents',
  showLog: 'csi.showLog',
  focusInspector: 'csi.focusInspector',
  editConnection: 'csi.editConnection',
  focusConnections: 'csi.connections.focus',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];
