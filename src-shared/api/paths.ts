import { operationIds, restContract, type OperationId, type ParamsIn } from './contract.js';
import type { HttpMethod } from './route-contract.js';

/** apiPath's parameters: none for a route without path parameters. */
export type ParamsArg<Op extends OperationId> = ParamsIn<Op> extends undefined ? [] : [params: ParamsIn<Op>];

/**
 * The path of a route with its parameters filled in, each percent-encoded: the one way to spell a REST
 * path (the API client, the server's Location headers and the tests all use it).
 */
export function apiPath<Op extends OperationId>(operationId: Op, ...[params]: ParamsArg<Op>): string {
  const values = (params ?? {}) as Record<string, string | number | undefined>;
  return restContract[operationId].path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${operationId}: path parameter "${name}" is missing`);
    return encodeURIComponent(String(value));
  });
}

export interface MatchedRoute {
  operationId: OperationId;
  /** The path parameters, decoded. */
  params: Record<string, string>;
}

const matchers = operationIds.map((operationId) => {
  const names: string[] = [];
  const source = restContract[operationId].path
    .split(/(\{\w+\})/)
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('');
  return { operationId, method: restContract[operationId].method, pattern: new RegExp(`^${source}$`), names };
});

/** The route a request is for, as the table has it, or undefined: for servers that are not the real one (test fakes). */
export function matchRoute(method: string, pathname: string): MatchedRoute | undefined {
  for (const matcher of matchers) {
    if (matcher.method !== (method.toUpperCase() as HttpMethod)) continue;
    const found = matcher.pattern.exec(pathname);
    if (!found) continue;
    const params = Object.fromEntries(matcher.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
    return { operationId: matcher.operationId, params };
  }
  return undefined;
}
