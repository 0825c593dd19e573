/**
 * Which database the server's tests run on. The "node" project runs them on SQLite, each server in a
 * temporary data folder; the "server-postgres" project (vitest.config.ts) sets
 * TOKENDESK_TEST_BACKEND=postgres, and then each test server gets a fresh database of its own on the
 * cluster named by TOKENDESK_TEST_DATABASE_URL, dropped when the server closes. The same tests, the
 * same assertions: only the location differs.
 *
 * No vitest import here: Playwright's fixtures use test-support.ts too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseLocation } from './db/open.js';
import { postgresPoolConfig } from './db/postgres.js';
import type { Dialect } from './db/sql.js';

export const TEST_BACKEND_ENV = 'TOKENDESK_TEST_BACKEND';
export const TEST_DATABASE_URL_ENV = 'TOKENDESK_TEST_DATABASE_URL';

/** The backend this test run uses: `postgres` when TOKENDESK_TEST_BACKEND says so, else `sqlite`. */
export function testBackend(): Dialect {
  const value = process.env[TEST_BACKEND_ENV];
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'postgres') return 'postgres';
  throw new Error(`${TEST_BACKEND_ENV} must be sqlite or postgres, not "${value}"`);
}

export interface TestDatabase {
  /** What startServer({ database }) and openStore take. */
  location: DatabaseLocation;
  /** Drops the database (closing what is still connected) or removes the folder. */
  remove(): Promise<void>;
}

/** A new, empty database on this run's backend: a temp folder for SQLite, CREATE DATABASE for PostgreSQL. */
export async function testDatabase(label: string): Promise<TestDatabase> {
  if (testBackend() === 'sqlite') {
    const path = mkdtempSync(join(tmpdir(), `tokendesk-server-${label}-`));
    return {
      location: path,
      remove: () => Promise.resolve(rmSync(path, { recursive: true, force: true })),
    };
  }
  const cluster = process.env[TEST_DATABASE_URL_ENV];
  if (!cluster) throw new Error(`${TEST_BACKEND_ENV}=postgres needs ${TEST_DATABASE_URL_ENV} (a cluster's URL)`);
  const { url, remove } = await createTestDatabase(cluster, label);
  return { location: { databaseUrl: url }, remove };
}

/**
 * CREATE DATABASE on `clusterUrl`, named after `label` plus random hex (tests in parallel never clash);
 * `remove` drops it WITH (FORCE), which also ends connections a failed test left open.
 */
export async function createTestDatabase(
  clusterUrl: string,
  label: string,
): Promise<{ url: string; remove: () => Promise<void> }> {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `td_${slug}_${randomBytes(5).toString('hex')}`;
  await adminStatement(clusterUrl, `CREATE DATABASE ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  let removed = false;
  return {
    url: url.toString(),
    remove: async () => {
      if (removed) return;
      removed = true;
      await adminStatement(clusterUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminStatement(clusterUrl: string, statement: string): Promise<void> {
  const client = new pg.Client(postgresPoolConfig(clusterUrl));
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A test's time limit on this run's backend. PostgreSQL answers each statement over a socket, with
 * SERIALIZABLE bookkeeping, where SQLite calls into the process: the tests that make thousands of
 * statements (seeding thousands of accounts, long property runs) get three times as long there.
 */
export function backendTimeout(ms: number): number {
  return testBackend() === 'postgres' ? ms * 3 : ms;
}

/**
 * What another process holding SQLite's write lock is, on PostgreSQL: another session holding `tables`
 * in EXCLUSIVE mode, so reads go on and writes to them wait. Resolves once the lock is held; the
 * returned function rolls it back.
 */
export async function lockPostgresTables(databaseUrl: string, tables: string[]): Promise<() => Promise<void>> {
  const client = new pg.Client(postgresPoolConfig(databaseUrl));
  await client.connect();
  await client.query(`BEGIN; LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}
