import { MemoryRateStore } from '../cluster/rate-store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIds, restContract, restContractParts, type OperationId } from '../../src-shared/api/contract.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { NoContent } from '../../src-shared/api/route-contract.js';
import { buildApp } from '../app.js';
import { bootstrapIfEmpty } from '../bootstrap.js';
import { routeModules } from '../routes/modules.js';
import type { Store } from '../store/store.js';
import { call, openTestStore } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import type { HandlerModule } from './route.js';
import { serverRoutes } from './server-routes.js';

/** Path parameters that fit every route (a route ignores the ones it does not have). */
const SAMPLE_PARAMS = { domain: 'default', id: 'sa_none', name: 'none' };
const samplePath = (operationId: OperationId): string =>
  (apiPath as (op: OperationId, params: object) => string)(operationId, SAMPLE_PARAMS);

/** `{name}` placeholders of a path template, in order. */
const placeholders = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

describe('the REST contract table', () => {
  it('declares every operation once, each at its own method and path', () => {
    const declared = restContractParts.flatMap((part) => Object.keys(part));
    expect(declared.sort()).toEqual([...operationIds].sort());
    const routes = operationIds.map((op) => `${restContract[op].method} ${restContract[op].path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('gives each path parameter a schema, and 204 answers no body', () => {
    for (const op of operationIds) {
      const route = restContract[op];
      const schema = 'params' in route ? route.params : undefined;
      expect(Object.keys(schema?.shape ?? {}).sort(), op).toEqual(placeholders(route.path).sort());
      expect(route.response.status === 204, op).toBe(route.response.schema === NoContent);
    }
  });
});

describe('the server implements the REST contract, one handler per route', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  let modules: HandlerModule[];
  beforeAll(async () => {
    opened = await openTestStore('rest-contract');
    store = opened.store;
    await bootstrapIfEmpty(store);
    modules = routeModules(store, {
      now: store.now,
      version: 'test',
      openapi: () => ({}),
      rates: new MemoryRateStore(store.now),
    });
  });
  afterAll(async () => {
    await opened.close();
  });

  it('has exactly one handler for every entry of the table, and none without an entry', () => {
    const handled = modules.flatMap((module) => Object.keys(module));
    expect(handled.sort()).toEqual([...operationIds].sort());
    expect(serverRoutes(modules).map((route) => route.operationId)).toEqual(operationIds);
  });

  it('refuses to start with a handler missing, twice, or for a route the table does not have', () => {
    const [system, ...others] = modules as [HandlerModule, ...HandlerModule[]];
    const { getMe, ...withoutMe } = system;
    expect(() => serverRoutes([withoutMe, ...others])).toThrow('No handler for getMe');
    expect(() => serverRoutes([...modules, { getMe }])).toThrow('getMe: more than one handler');
    const stray = { listWidgets: getMe } as unknown as HandlerModule;
    expect(() => serverRoutes([...modules, stray])).toThrow('listWidgets: a handler for a route the REST contract');
  });

  it('registers each route with the table’s own path, schemas and access, whatever a module says', () => {
    const [system, ...others] = modules as [HandlerModule, ...HandlerModule[]];
    const tampered = { ...system, getMe: { ...system.getMe!, path: '/elsewhere', access: 'public' } } as HandlerModule;
    const routes = serverRoutes([tampered, ...others]);
    for (const route of routes) {
      const entry = restContract[route.operationId as OperationId];
      for (const key of Object.keys(entry) as (keyof typeof entry)[])
        expect(route[key], route.operationId).toBe(entry[key]);
    }
    const built = buildApp({ store });
    expect(built.routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      operationIds.map((op) => `${restContract[op].method} ${restContract[op].path}`),
    );
  });
});

describe('the running server and its OpenAPI document follow the table', () => {
  const t = useTestServer('rest-contract-http');

  it('answers every route of the table at its method and path (never “there is no … in this API”)', async () => {
    const notInApi = await call<{ error: { message: string } }>(`${t.url}/api/v1/widgets`);
    expect([notInApi.status, notInApi.body.error.message]).toEqual([
      404,
      'There is no GET /api/v1/widgets in this API.',
    ]);
    for (const op of operationIds) {
      const { method } = restContract[op];
      const reply = await call<{ error?: { message: string } }>(t.url + samplePath(op), { method });
      expect(reply.body?.error?.message ?? '', `${method} ${op}`).not.toMatch(/in this API\.$/);
    }
  });

  it('documents each route at the path, method and operationId the table gives it, and nothing else', async () => {
    const reply = await call<{ paths: Record<string, Record<string, { operationId: string; 'x-access': unknown }>> }>(
      t.url + apiPath('getOpenApi'),
    );
    const documented = Object.entries(reply.body.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(
        ([method, operation]) => `${operation.operationId} ${method.toUpperCase()} ${path}`,
      ),
    );
    expect(documented.sort()).toEqual(
      operationIds.map((op) => `${op} ${restContract[op].method} ${restContract[op].path}`).sort(),
    );
    const access = reply.body.paths[restContract.listRequestLogs.path]!.get!['x-access'];
    expect(access).toEqual({ permission: 'log.read', sameGroup: true });
  });
});
