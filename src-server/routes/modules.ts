import type { OperationId } from '../../src-shared/api/contract.js';
import { checkReady } from '../cluster/readiness.js';
import type { HandlerModule } from '../http/route.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../store/time.js';
import type { RateStore } from '../cluster/rate-store.js';
import { auditHandlers } from './audit.js';
import { bundleHandlers } from './bundles.js';
import { directoryHandlers } from './directory.js';
import { groupHandlers } from './groups.js';
import { leakHandlers } from './leaks.js';
import { memberHandlers } from './members.js';
import { personalTokenHandlers } from './personal-tokens.js';
import { requestLogHandlers } from './request-logs.js';
import { serviceAccountWriteHandlers } from './service-account-writes.js';
import { serviceAccountHandlers } from './service-accounts.js';
import { systemHandlers } from './system.js';
import { tokenPolicyHandlers } from './token-policy.js';
import { tokenWriteHandlers } from './token-writes.js';
import { tokenHandlers } from './tokens.js';

/** The operations the modules below handle (each module's keys). */
type KeysOf<T> = T extends unknown ? keyof T : never;
type Handled = KeysOf<
  | ReturnType<typeof systemHandlers>
  | ReturnType<typeof serviceAccountHandlers>
  | ReturnType<typeof serviceAccountWriteHandlers>
  | ReturnType<typeof tokenHandlers>
  | ReturnType<typeof tokenWriteHandlers>
  | ReturnType<typeof directoryHandlers>
  | ReturnType<typeof requestLogHandlers>
  | ReturnType<typeof auditHandlers>
  | ReturnType<typeof personalTokenHandlers>
  | ReturnType<typeof memberHandlers>
  | ReturnType<typeof groupHandlers>
  | ReturnType<typeof bundleHandlers>
  | ReturnType<typeof tokenPolicyHandlers>
  | ReturnType<typeof leakHandlers>
>;
/** A type error names any route of the contract no module handles (serverRoutes also refuses it at start). */
export const EVERY_ROUTE_HANDLED: [Exclude<OperationId, Handled>] extends [never]
  ? true
  : Exclude<OperationId, Handled> = true;

/** Every route module's handlers; `serverRoutes` joins them to the REST contract, one per entry. */
export function routeModules(
  store: Store,
  system: { now: Clock; version: string; openapi: () => Record<string, unknown>; rates: RateStore },
): HandlerModule[] {
  return [
    systemHandlers({ ...system, ready: () => checkReady(store.sql) }),
    serviceAccountHandlers(store),
    serviceAccountWriteHandlers(store),
    tokenHandlers(store),
    tokenWriteHandlers(store),
    directoryHandlers(store),
    requestLogHandlers(store),
    auditHandlers(store),
    personalTokenHandlers(store),
    memberHandlers(store),
    groupHandlers(store),
    bundleHandlers(store),
    tokenPolicyHandlers(store),
    leakHandlers(store, system.rates),
  ];
}
