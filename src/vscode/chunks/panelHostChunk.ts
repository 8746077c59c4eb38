// Entry of the panel host's bundle (dist/chunks/panelHostChunk.js): the bridge to a panel's webview
// (PanelHost, the protocol's schemas and valibot) and every request and notification table, required
// when the first inspector panel opens or is revived.
import type { InspectorContext } from '../panel/handlers/context';
import type { NotifyHandlers, RequestHandlers } from '../panel/handlers';
import { eventHandlers } from '../panel/handlers/events';
import { insightNotifyHandlers, insightRequestHandlers } from '../panel/handlers/insight';
import { controlHandlers, watchRequestHandlers } from '../panel/handlers/watchControl';
import { recordingHandlers } from '../panel/handlers/recording';
import { quickFilterHandlers } from '../panel/handlers/quickFilter';
import { pipelineHandlers } from '../panel/handlers/pipeline';
import { bookmarkHandlers } from '../panel/handlers/bookmarks';
import { diffHandlers, diffNotifyHandlers } from '../panel/handlers/diff';

export { PanelHost } from '../panel/panelHost';
export { watchContent } from '../panel/watchContent';

/** Every request the inspector answers: a feature adds its table here. Missing one is a type error. */
export const requests: RequestHandlers<InspectorContext> = {
  ...eventHandlers,
  ...watchRequestHandlers,
  ...diffHandlers,
  ...insightRequestHandlers,
  ...recordingHandlers,
  ...quickFilterHandlers,
  ...pipelineHandlers,
  ...bookmarkHandlers,
};

export const notifications: NotifyHandlers<InspectorContext> = {
  ...controlHandlers,
  ...insightNotifyHandlers,
  ...diffNotifyHandlers,
};
