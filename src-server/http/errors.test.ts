import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../src-shared/errors.js';
import { generateToken } from '../../src-shared/token-format.js';
import { BODY_LIMIT_BYTES, buildApp } from '../app.js';
import type { Store } from '../store/store.js';
import { call, openTestStore } from '../test-support.js';

/**
 * The error handler with real HTTP. The API has no body-taking route yet, so the test adds two:
 * an echo (for body parsing errors) and one that fails (for the 500 shape).
 */
describe('every failure is an ErrorBody, and client input is never a 5xx', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  const reports: string[] = [];
  const secret = generateToken('serviceAccount');

  beforeAll(async () => {
    opened = await openTestStore('errors');
    store = opened.store;
    // No --log: 5xx reports go to the error log (stderr) all the same.
    ({ app } = buildApp({ store, log: false, errorLog: { write: (line: string) => reports.push(line) } }));
    app.post('/api/v1/test-echo', (request, reply) => {
      void reply.send({ received: request.body });
    });
    app.get('/api/v1/test-fail', () => {
      throw new Error('database on fire');
    });
    app.get('/api/v1/test-fail/:anything', () => {
      throw new Error(`database on fire while reading ${secret}`);
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await opened.close();
  });

  const post = (body: string, contentType = 'application/json') =>
    call<ErrorBody>(`${url}/api/v1/test-echo`, { method: 'POST', body, contentType });

  it('accepts good JSON (the route works)', async () => {
    const reply = await post('{"a":1}');
    expect(reply).toMatchObject({ status: 200, body: { received: { a: 1 } } });
  });

  it('400 invalid_json for a body that is not JSON, or empty', async () => {
    for (const body of ['{"a":', 'nope', '{"__proto__":{"x":1}}']) {
      const reply = await post(body);
      expect(reply.status, body).toBe(400);
      expect(ErrorBody.parse(reply.body).error.code).toBe('invalid_json');
    }
    const empty = await post('');
    expect([empty.status, empty.body.error.code]).toEqual([400, 'invalid_json']);
  });

  it('413 payload_too_large over the body limit', async () => {
    const reply = await post(JSON.stringify({ big: 'x'.repeat(BODY_LIMIT_BYTES) }));
    expect(reply.status).toBe(413);
    expect(ErrorBody.parse(reply.body).error.code).toBe('payload_too_large');
  });

  it('415 unsupported_media_type for a body that is not JSON by type', async () => {
    const reply = await post('a=1', 'application/x-www-form-urlencoded');
    expect(reply.status).toBe(415);
    expect(ErrorBody.parse(reply.body).error).toEqual({
      code: 'unsupported_media_type',
      message: 'Send the request body as application/json.',
    });
  });

  it('404 not_found for an unknown path or method', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing-here'],
      ['DELETE', '/api/v1/me'],
      ['GET', '/'],
    ] as const) {
      const reply = await call<ErrorBody>(url + path, { method });
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(ErrorBody.parse(reply.body).error.code).toBe('not_found');
    }
  });

  it('400 for a malformed URL, not a crash', async () => {
    const reply = await call<ErrorBody>(`${url}/api/v1/domains/%E0%A4%A/service-accounts`);
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect(ErrorBody.safeParse(reply.body).success).toBe(true);
  });

  it('500 internal without the fault’s details for a server error', async () => {
    const reply = await call<ErrorBody>(`${url}/api/v1/test-fail`);
    expect(reply.status).toBe(500);
    expect(ErrorBody.parse(reply.body).error.code).toBe('internal');
    expect(JSON.stringify(reply.body)).not.toContain('fire');
  });

  it('every 5xx is reported on the error log with the id its answer carries, never a secret or a header', async () => {
    reports.length = 0;
    const reply = await call<ErrorBody>(`${url}/api/v1/test-fail/${secret}?access_token=${secret}`, {
      token: secret,
      headers: { cookie: 'session=abc123', 'x-api-key': 'k-9f8e7d' },
    });
    expect(reply.status).toBe(500);
    const { errorId } = reply.body.error.details as { errorId: string };
    expect(errorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(reply.body.error.message).toBe(
      `Something went wrong on the server. The error has been logged with id ${errorId}.`,
    );
    expect(reports).toHaveLength(1);
    const line = JSON.parse(reports[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'error',
      errorId,
      status: 500,
      method: 'GET',
      path: '/api/v1/test-fail/[redacted]',
      error: { name: 'Error', message: 'database on fire while reading [redacted]' },
    });
    for (const text of [secret, 'abc123', 'k-9f8e7d', 'authorization', 'cookie', 'access_token']) {
      expect(reports[0]!.toLowerCase()).not.toContain(text.toLowerCase());
    }
  });
});
