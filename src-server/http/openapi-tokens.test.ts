import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { useTestServer } from '../test-server-hooks.js';

/** Walks a parsed JSON document; a missing step gives undefined. */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const JSON_BODY = ['requestBody', 'content', 'application/json', 'schema'];
const okRef = (status: string) => ['responses', status, 'content', 'application/json', 'schema', '$ref'];

describe('OpenAPI: the token lifecycle routes', () => {
  const t = useTestServer('openapi-tokens');
  let doc: unknown;
  beforeAll(async () => {
    doc = await (await fetch(t.url + apiPath('getOpenApi'))).json();
  });

  const op = (path: string, method: string): unknown => {
    const found = at(doc, 'paths', path, method);
    expect(found, `${method} ${path}`).toBeDefined();
    return found;
  };
  const bases = [
    '/api/v1/domains/{domain}/auth/service-accounts/{id}/tokens',
    '/api/v1/auth/service-accounts/{id}/tokens',
  ];

  it('lists create, patch, delete and rotate at both levels with their bodies and answers', () => {
    for (const base of bases) {
      const create = op(base, 'post');
      expect(at(create, ...JSON_BODY, 'properties')).toHaveProperty('expiresAt');
      expect(at(create, ...okRef('201'))).toBe('#/components/schemas/CreatedToken');
      for (const status of ['401', '403', '409', '422', '429']) expect(at(create, 'responses')).toHaveProperty(status);
      const patch = op(`${base}/{name}`, 'patch');
      expect(Object.keys(at(patch, ...JSON_BODY, 'properties') as object).sort()).toEqual([
        'expiresAt',
        'maxRps',
        'status',
      ]);
      expect(at(op(`${base}/{name}`, 'delete'), 'responses')).toHaveProperty('204');
      const rotate = op(`${base}/{name}/rotate`, 'post');
      expect(at(rotate, ...JSON_BODY, 'properties', 'graceSeconds', 'maximum')).toBe(30 * 86_400);
      expect(at(rotate, ...okRef('201'))).toBe('#/components/schemas/RotatedToken');
    }
    expect(at(doc, 'components', 'schemas', 'CreatedToken', 'required')).toContain('secret');
    expect(at(doc, 'components', 'schemas', 'TokenMeta', 'required')).toContain('replacedBy');
  });

  it('documents the headers: Idempotency-Key in, Retry-After on 429, Deprecation and Link on the old create', () => {
    const paths = [
      bases[0]!,
      bases[1]!,
      `${bases[0]}/{name}/rotate`,
      '/api/v1/auth/service-accounts/tokens',
      '/api/v1/auth/personal-tokens/{name}/rotate',
    ];
    for (const path of paths) {
      const operation = op(path, 'post');
      const parameters = at(operation, 'parameters') as { in: string }[];
      expect(parameters.find((p) => p.in === 'header')).toMatchObject({ name: 'Idempotency-Key', required: false });
      expect(at(operation, 'responses', '429', 'headers')).toHaveProperty('Retry-After');
    }
    const legacy = op('/api/v1/auth/service-accounts/tokens', 'post');
    expect(at(legacy, 'deprecated')).toBe(true);
    expect(Object.keys(at(legacy, 'responses', '201', 'headers') as object)).toEqual(
      expect.arrayContaining(['Deprecation', 'Link']),
    );
    expect(at(legacy, ...JSON_BODY, 'required')).toContain('serviceAccountId');
  });
});
