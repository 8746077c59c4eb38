// Running the watch from its panel: options, where to start, pause/resume/clear/stop/restart, copy.
import type { StartPosition } from '../../../core/watch/positions';
import type { controlNotifications, StartPositionChoice } from '../../../shared/protocol';
import type { NotifyHandlers, RequestHandlers } from '../handlers';
import type { InspectorContext } from './context';

export const watchRequestHandlers: RequestHandlers<InspectorContext, 'setOptions' | 'startFrom'> = {
  setOptions: ({ options }, { watch }) => watch.setOptions(options),
  startFrom: async ({ position }, ctx) => {
    await ctx.start(ctx.watch, toStartPosition(position, ctx.watch.lastToken));
    return ctx.watch.status;
  },
};

export const controlHandlers: NotifyHandlers<InspectorContext, keyof typeof controlNotifications> = {
  pause: (_p, { watch }) => watch.pause(),
  resume: (_p, { watch }) => watch.resume(),
  clear: (_p, { watch }) => watch.clear(),
  stop: (_p, { watch }) => watch.stop(),
  restart: (_p, ctx) => ctx.start(ctx.watch),
  copy: ({ text, what }, ctx) => ctx.copy(text, what),
};

/** The wire's way on → the core's position; `continue` and `startAfter` use the watch's last token. */
export function toStartPosition(choice: StartPositionChoice, token: unknown): StartPosition | undefined {
  switch (choice.kind) {
    case 'continue':
      return undefined;
    case 'startAfter':
      return token === undefined ? { kind: 'now' } : { kind: 'startAfter', token };
    case 'now':
      return { kind: 'now' };
    case 'oldest':
      return { kind: 'oldest' };
    case 'atTime':
      return { kind: 'atTime', seconds: choice.seconds };
  }
}
