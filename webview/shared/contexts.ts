// What the app provides to every component below it (@lit/context, as GitLens' stateProvider does):
// the watch's info and counters as immutable values, the paged rows and the host bridge as objects.
import { createContext } from '@lit/context';
import type { RowSource } from '../events/row-source';
import type { HostBridge } from './host-bridge';
import type { Counters, WatchInfo } from '../app/watch-state';

export const watchInfoContext = createContext<WatchInfo | undefined>(Symbol('csi-watch-info'));
export const countersContext = createContext<Counters>(Symbol('csi-counters'));
export const rowSourceContext = createContext<RowSource>(Symbol('csi-row-source'));
export const bridgeContext = createContext<HostBridge | undefined>(Symbol('csi-host-bridge'));
