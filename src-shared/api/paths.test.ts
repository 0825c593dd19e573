import { describe, expect, it } from 'vitest';
import { operationIds, restContract, type OperationId } from './contract.js';
import { apiPath, matchRoute } from './paths.js';

const pathOf = apiPath as (op: OperationId, params?: object) => string;

describe('paths derived from the REST contract', () => {
  it('fills in and percent-encodes path parameters, and names a missing one', () => {
    expect(apiPath('getServiceAccount', { domain: 'default', id: 'sa 1/2?' })).toBe(
      '/api/v1/domains/default/service-accounts/sa%201%2F2%3F',
    );
    expect(apiPath('getMe')).toBe('/api/v1/me');
    expect(() => pathOf('getServiceAccount', { domain: 'default' })).toThrow(
      'getServiceAccount: path parameter "id" is missing',
    );
  });

  it('matches every route of the table back to its operation and decoded parameters', () => {
    const params = { domain: 'default', id: 'sa 1', name: 'token.1' };
    for (const op of operationIds) {
      const route = restContract[op];
      const expected = Object.fromEntries(
        [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, params[m[1] as keyof typeof params]]),
      );
      expect(matchRoute(route.method, pathOf(op, params)), op).toEqual({ operationId: op, params: expected });
    }
    expect(matchRoute('PUT', '/api/v1/me')).toBeUndefined();
    expect(matchRoute('GET', '/api/v1/me/else')).toBeUndefined();
  });
});
