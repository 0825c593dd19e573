import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { useTestServer } from '../test-server-hooks.js';
import { rawRequest } from './raw-http-test-support.js';

/** Header problems Node or the proxy in front would otherwise judge on their own terms. */
describe('header limits answer in the API’s error shape', () => {
  const t = useTestServer('header-limits');
  let host: string;
  beforeAll(() => {
    host = new URL(t.url).host;
  });

  const get = (path: string, headerLines: string[]) =>
    rawRequest(
      t.url,
      `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${headerLines.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`,
    );

  it('a header section over 16 KB: 431 headers_too_large as JSON, not Node’s or Fastify’s own body', async () => {
    const answer = await get(apiPath('getHealth'), [`X-Padding: ${'a'.repeat(17 * 1024)}`]);
    expect(answer?.status).toBe(431);
    expect(answer?.headers).toMatch(/content-type: application\/json/i);
    expect(ErrorBody.strict().parse(JSON.parse(answer!.body)).error).toEqual({
      code: 'headers_too_large',
      message: 'The request headers are larger than the limit of 16 KB. Send fewer or shorter headers.',
    });
    // Just under the limit is an ordinary request.
    expect((await get(apiPath('getHealth'), [`X-Padding: ${'a'.repeat(15 * 1024)}`]))?.status).toBe(200);
  });

  it('two Authorization headers: 400 duplicate_authorization, whatever their case or values', async () => {
    const bearer = `Authorization: Bearer ${t.adminToken}`;
    for (const lines of [
      [bearer, bearer],
      [bearer, `authorization: Bearer ${t.adminToken}`],
      [`AUTHORIZATION: Basic eDp5`, bearer],
    ]) {
      for (const path of [apiPath('getMe'), apiPath('getHealth')]) {
        const answer = await get(path, lines);
        expect(answer?.status, `${path} ${lines.join(' | ')}`).toBe(400);
        expect(ErrorBody.strict().parse(JSON.parse(answer!.body)).error).toEqual({
          code: 'duplicate_authorization',
          message: 'The request has more than one Authorization header. Send your token in exactly one.',
        });
      }
    }
    expect((await get(apiPath('getMe'), [bearer]))?.status).toBe(200);
  });
});
