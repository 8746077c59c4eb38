// The handler tables: one function per protocol method, each type-checked against the method's
// params and result in src/shared/protocol. A feature adds its methods in its own file under
// handlers/ and spreads them into the table in inspectorPanels.ts; there is no central switch.
import type { NotifyMethod, NotifyParams, RequestMap, RequestMethod } from '../../shared/protocol';

export type RequestHandler<M extends RequestMethod, Ctx> = (
  params: RequestMap[M]['params'],
  ctx: Ctx,
) => RequestMap[M]['result'] | Promise<RequestMap[M]['result']>;

export type RequestHandlers<Ctx, M extends RequestMethod = RequestMethod> = { [K in M]: RequestHandler<K, Ctx> };

export type NotifyHandlers<Ctx, M extends NotifyMethod = NotifyMethod> = {
  [K in M]: (params: NotifyParams<K>, ctx: Ctx) => void | Promise<void>;
};
