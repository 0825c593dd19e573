import type { z } from 'zod';
import type { RouteContract } from './route-contract.js';
import { activityRoutes } from './routes/activity.js';
import { bundleRoutes } from './routes/bundles.js';
import { directoryRoutes } from './routes/directory.js';
import { leakRoutes } from './routes/leaks.js';
import { personalTokenRoutes } from './routes/personal-tokens.js';
import { serviceAccountRoutes } from './routes/service-accounts.js';
import { systemRoutes } from './routes/system.js';
import { tokenPolicyRoutes } from './routes/token-policy.js';
import { tokenRoutes } from './routes/tokens.js';

/** The table's parts, one per area of the API. */
export const restContractParts = [
  systemRoutes,
  serviceAccountRoutes,
  tokenRoutes,
  directoryRoutes,
  bundleRoutes,
  activityRoutes,
  personalTokenRoutes,
  tokenPolicyRoutes,
  leakRoutes,
] as const;

/**
 * Every route of the REST API, keyed by its operationId: method, path, access, schemas, statuses and
 * headers. The server registers and checks its routes from it, main's API client makes its typed calls
 * from it, and the OpenAPI document is generated from it (as src-shared/ipc/contract.ts is for IPC).
 */
export const restContract = {
  ...systemRoutes,
  ...serviceAccountRoutes,
  ...tokenRoutes,
  ...directoryRoutes,
  ...bundleRoutes,
  ...activityRoutes,
  ...personalTokenRoutes,
  ...tokenPolicyRoutes,
  ...leakRoutes,
} as const satisfies Record<string, RouteContract>;

export type RestContract = typeof restContract;
export type OperationId = keyof RestContract;

/** Every operationId, in the table's order. */
export const operationIds = Object.keys(restContract) as OperationId[];

type Part<Op extends OperationId, K extends 'params' | 'query' | 'body'> = RestContract[Op] extends {
  [key in K]: infer S extends z.ZodType;
}
  ? S
  : undefined;

/** What a caller sends: the schemas' input types (undefined where the route takes none). */
export type ParamsIn<Op extends OperationId> =
  Part<Op, 'params'> extends z.ZodType ? z.input<Part<Op, 'params'>> : undefined;
export type QueryIn<Op extends OperationId> =
  Part<Op, 'query'> extends z.ZodType ? z.input<Part<Op, 'query'>> : undefined;
export type BodyIn<Op extends OperationId> = Part<Op, 'body'> extends z.ZodType ? z.input<Part<Op, 'body'>> : undefined;

/** What the server's handler gets: the schemas' output types (an empty object where there are none). */
export type ParamsOut<Op extends OperationId> =
  Part<Op, 'params'> extends z.ZodType ? z.output<Part<Op, 'params'>> : Record<string, never>;
export type QueryOut<Op extends OperationId> =
  Part<Op, 'query'> extends z.ZodType ? z.output<Part<Op, 'query'>> : Record<string, never>;
export type BodyOut<Op extends OperationId> =
  Part<Op, 'body'> extends z.ZodType ? z.output<Part<Op, 'body'>> : undefined;

/** The answer as parsed (void for 204) and as a handler may give it. */
export type ResponseOf<Op extends OperationId> = z.output<RestContract[Op]['response']['schema']>;
export type ResponseIn<Op extends OperationId> = z.input<RestContract[Op]['response']['schema']>;

/** The request headers a route documents, by name (e.g. `Idempotency-Key`). */
export type HeadersOf<Op extends OperationId> = RestContract[Op] extends {
  headers: readonly (infer H extends { name: string })[];
}
  ? Partial<Record<H['name'], string>>
  : undefined;
