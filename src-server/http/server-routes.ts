import { operationIds, restContract } from '../../src-shared/api/contract.js';
import type { HandlerModule, RouteImpl, ServerRoute } from './route.js';

/**
 * Joins the route modules' handlers to the REST contract: every entry of the contract must have exactly
 * one handler, and every handler an entry. Anything else is a startup error, never a route that is
 * missing, served twice or served without its contract.
 */
export function serverRoutes(modules: readonly HandlerModule[]): ServerRoute[] {
  const impls = new Map<string, RouteImpl>();
  for (const module of modules) {
    for (const [operationId, impl] of Object.entries(module) as [string, RouteImpl][]) {
      if (!Object.hasOwn(restContract, operationId)) {
        throw new Error(`${operationId}: a handler for a route the REST contract does not have`);
      }
      if (impls.has(operationId)) throw new Error(`${operationId}: more than one handler`);
      impls.set(operationId, impl);
    }
  }
  const missing = operationIds.filter((operationId) => !impls.has(operationId));
  if (missing.length > 0) throw new Error(`No handler for ${missing.join(', ')}`);
  // The contract's fields last: a module supplies behaviour, never a path, a schema or an access rule.
  return operationIds.map((operationId) => ({ ...impls.get(operationId)!, ...restContract[operationId], operationId }));
}
