import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { call } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

interface Operation {
  operationId: string;
  security: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }>;
}
interface Document {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
}

describe('GET /openapi.json', () => {
  const t = useTestServer('openapi');
  let doc: Document;
  beforeAll(async () => {
    const response = await fetch(t.url + apiPath('getOpenApi'));
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    doc = JSON.parse(await response.text()) as Document;
  });

  it('is an OpenAPI 3.1 document listing every route', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/v1/healthz',
        '/api/v1/readyz',
        '/api/v1/me',
        '/api/v1/roles',
        '/api/v1/openapi.json',
        '/api/v1/domains/{domain}/service-accounts',
        '/api/v1/domains/{domain}/service-accounts/{id}',
        '/api/v1/domains/{domain}/auth/service-accounts/{id}/tokens',
        '/api/v1/auth/service-accounts/{id}/tokens',
        '/api/v1/domains/{domain}/auth/service-accounts/{id}/tokens/{name}',
        '/api/v1/domains/{domain}/auth/service-accounts/{id}/tokens/{name}/rotate',
        '/api/v1/auth/service-accounts/{id}/tokens/{name}',
        '/api/v1/auth/service-accounts/{id}/tokens/{name}/rotate',
        '/api/v1/auth/service-accounts/tokens',
        '/api/v1/domains/{domain}/groups',
        '/api/v1/domains/{domain}/members',
        '/api/v1/domains/{domain}/service-accounts/{id}/logs',
        '/api/v1/domains/{domain}/audit',
        '/api/v1/auth/personal-tokens',
        '/api/v1/auth/personal-tokens/{name}',
        '/api/v1/auth/personal-tokens/{name}/rotate',
        '/api/v1/domains/{domain}/members/{id}',
        '/api/v1/domains/{domain}/groups/{name}',
        '/api/v1/domains/{domain}/bundles',
        '/api/v1/domains/{domain}/bundles/{name}',
        '/api/v1/domains/{domain}/members/{id}/bundles',
        '/api/v1/domains/{domain}/groups/{name}/bundles',
        '/api/v1/domains/{domain}/token-policy',
        '/api/v1/domains/{domain}/token-policy/violations',
        '/api/v1/leaks',
        '/api/v1/domains/{domain}/tokens/revoke-leaked',
        '/api/v1/domains/{domain}/tokens/lookup',
      ].sort(),
    );
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes parameters, query and responses from the zod schemas, and the error shape', () => {
    const list = doc.paths['/api/v1/domains/{domain}/service-accounts']!.get!;
    const params = Object.fromEntries(list.parameters.map((p) => [`${p.in}:${p.name}`, p]));
    expect(params['path:domain']).toMatchObject({ required: true, schema: { type: 'string' } });
    for (const name of ['search', 'status', 'role', 'sort', 'limit', 'cursor', 'changesSince', 'include']) {
      expect(params[`query:${name}`], name).toMatchObject({ required: false });
    }
    expect(params['query:sort']!.schema.enum).toContain('-updatedAt');
    expect(params['query:limit']!.schema).toMatchObject({ maximum: 1000 });
    expect(list.responses['200']!.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ServiceAccountListResponse',
    );
    for (const status of ['400', '401', '403', '404']) {
      expect(list.responses[status]!.content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBody');
    }
    expect(list.security).toEqual([{ bearer: [] }, { basic: [] }]);
    expect(doc.paths['/api/v1/healthz']!.get!.security).toEqual([]);
    expect(doc.paths['/api/v1/readyz']!.get!.security).toEqual([]);
    expect(doc.paths['/api/v1/readyz']!.get!.responses['503']).toHaveProperty(['headers', 'Retry-After']);
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['ErrorBody', 'ServiceAccountListResponse', 'Me', 'TokenListResponse']),
    );
    expect(JSON.stringify(schemas.ServiceAccountListResponse)).toContain('nextExpiry');
    expect(schemas.ErrorBody).toMatchObject({ type: 'object', required: ['error'] });
  });

  it('lists create, patch and delete with their bodies and answers', () => {
    const collection = doc.paths['/api/v1/domains/{domain}/service-accounts']!;
    const one = doc.paths['/api/v1/domains/{domain}/service-accounts/{id}']!;
    expect(Object.keys(collection).sort()).toEqual(['get', 'post']);
    expect(Object.keys(one).sort()).toEqual(['delete', 'get', 'patch']);
    const body = (op: Operation) =>
      (op as unknown as { requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } } })
        .requestBody.content['application/json'].schema;
    const create = body(collection.post!);
    expect(create).toMatchObject({ type: 'object', required: ['name'], additionalProperties: false });
    expect(Object.keys(create.properties as object).sort()).toEqual(
      ['basicAuthEnabled', 'copyPermissionsFrom', 'denies', 'description', 'grants', 'groups', 'name', 'roles'].sort(),
    );
    const patch = body(one.patch!);
    expect(patch).toMatchObject({ type: 'object', additionalProperties: false });
    expect(Object.keys(patch.properties as object).sort()).toEqual(
      ['basicAuthEnabled', 'denies', 'description', 'enabled', 'grants', 'groups', 'roles'].sort(),
    );
    // The account lists its overrides by catalogue name, right after its roles.
    const account = doc.components.schemas.ServiceAccount as { properties: Record<string, unknown> };
    expect(Object.keys(account.properties).slice(3, 6)).toEqual(['roles', 'grants', 'denies']);
    expect(Object.keys(collection.post!.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415', '422']),
    );
    expect(collection.post!.responses['201']!.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ServiceAccount',
    );
    expect(one.delete!.responses['204']).toEqual({ description: 'Deleted.' });
    expect(doc.components.schemas).toHaveProperty('GroupListResponse');
    expect(doc.components.schemas).toHaveProperty('MemberListResponse');
    expect(doc.components.schemas).not.toHaveProperty('NoContent');
  });

  it('needs no token', async () => {
    expect((await call(t.url + apiPath('getOpenApi'))).status).toBe(200);
  });
});
