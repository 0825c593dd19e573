import { describe, expect, it } from 'vitest';
import { Ready } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { buildApp } from '../app.js';
import { testPostgres } from '../db/pg-test-support.js';
import { PostgresSql } from '../db/postgres.js';
import type { Sql } from '../db/sql.js';
import { HttpError } from '../http/errors.js';
import { openStore } from '../store/store.js';
import { call, tempDir } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { checkReady, NOT_READY_RETRY_AFTER_S } from './readiness.js';
import { freePort } from './free-port.js';

async function expectNotReady(promise: Promise<void>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  expect(error).toMatchObject({ status: 503, code: 'not_ready', headers: { 'Retry-After': '5' } });
  expect((error as HttpError).message).toMatch(message);
}

describe('readyz over HTTP on SQLite', () => {
  const t = useTestServer('readyz');

  it('answers 200 ready without a token', async () => {
    const reply = await call(t.url + apiPath('getReady'));
    expect(reply.status).toBe(200);
    expect(Ready.parse(reply.body)).toEqual({ status: 'ready' });
  });

  it('answers 503 not_ready in the error shape, with Retry-After, once the database is closed', async () => {
    const dir = tempDir('readyz-closed');
    const store = await openStore(dir.path);
    const errors: string[] = [];
    const { app } = buildApp({ store, errorLog: { write: (line: string) => errors.push(line) } });
    try {
      await store.sql.close();
      const reply = await app.inject({ method: 'GET', url: apiPath('getReady') });
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe(String(NOT_READY_RETRY_AFTER_S));
      const body = ErrorBody.parse(reply.json());
      expect(body.error).toMatchObject({ code: 'not_ready', message: 'This server cannot reach its database.' });
      // Like every 5xx, the answer names the line written to the error log.
      expect(errors).toHaveLength(1);
      // healthz stays 200: the process is up, it just cannot serve.
      expect((await app.inject({ method: 'GET', url: apiPath('getHealth') })).statusCode).toBe(200);
    } finally {
      await app.close();
      dir.remove();
    }
  });
});

describe('checkReady', () => {
  it('is not ready when PostgreSQL is unreachable (nothing listens on the port)', async () => {
    const sql = new PostgresSql({ url: `postgres://nobody@127.0.0.1:${await freePort()}/none` });
    try {
      await expectNotReady(checkReady(sql), /cannot reach its database/);
    } finally {
      await sql.close();
    }
  });

  it('is not ready when the query does not answer within the timeout', async () => {
    const stuck = { value: () => new Promise(() => undefined) } as unknown as Sql;
    const started = performance.now();
    await expectNotReady(checkReady(stuck, 50), /did not answer within 0.05 seconds/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  const pg = testPostgres();
  // Skipped (loudly, once per run) without TOKENDESK_TEST_DATABASE_URL; CI fails instead.
  describe.skipIf(pg.skip)('on PostgreSQL', () => {
    it('is ready when the database answers', async () => {
      await expect(checkReady(await pg.open())).resolves.toBeUndefined();
    });
  });
});
