/**
 * Three server processes on one PostgreSQL database, asked round-robin, as behind a load balancer:
 * the rules that must hold cluster-wide (max RPS, idempotency keys, unique names, a suspend, jobs that
 * run once) and a kill -9 during a write burst. Real processes, real HTTP, a real database.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, waitFor, type Run } from '../../src-server/cli-test-support.js';
import { testPostgres } from '../../src-server/db/pg-test-support.js';
import { PostgresSql } from '../../src-server/db/postgres.js';
import { ServiceAccount } from '../../src-shared/api/models.js';
import { TokenListResponse } from '../../src-shared/api/service-accounts.js';
import { CreatedToken } from '../../src-shared/api/tokens.js';
import { ErrorBody } from '../../src-shared/errors.js';

const pg = testPostgres();

interface Instance {
  process: Run;
  url: string;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const BASE = '/api/v1/domains/default';
const accountsPath = `${BASE}/service-accounts`;
const tokensPath = (accountId: string) => `${BASE}/auth/service-accounts/${accountId}/tokens`;

async function call(
  instance: Instance,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(instance.url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function start(databaseUrl: string): Run {
  // Retention every second, so the test sees several rounds of it across the three instances.
  return run('src-server/cli.ts', ['--port', '0', '--database-url', databaseUrl, '--log-prune-interval', '1']);
}

async function listening(process: Run): Promise<Instance> {
  const [, url] = await waitFor(process, /^TokenDesk server listening on (http:\/\/\S+)/m, 60_000);
  return { process, url: url! };
}

describe.skipIf(pg.skip)('three instances on one PostgreSQL database', () => {
  let instances: Instance[] = [];
  let adminToken = '';
  let sql: PostgresSql;
  let next = 0;
  /** The next instance in turn, as a round-robin load balancer picks. */
  const roundRobin = (among = instances): Instance => among[next++ % among.length]!;

  beforeAll(async () => {
    // All three start at once on the empty database: the migrations and the bootstrap must happen once.
    const processes = [0, 1, 2].map(() => start(pg.url()));
    instances = await Promise.all(processes.map(listening));
    await sleep(200); // the Admin token line follows the listening line
    const printed = processes.flatMap((p) => [...p.stdout().matchAll(/^Admin token: (\S+)$/gm)].map((m) => m[1]!));
    expect(printed).toHaveLength(1);
    adminToken = printed[0]!;
    sql = await pg.open();
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) instance.process.child.kill('SIGKILL');
    await Promise.all(instances.map((instance) => instance.process.exited));
  });

  async function account(name: string): Promise<string> {
    const reply = await call(roundRobin(), 'POST', accountsPath, adminToken, { name, roles: ['Viewer'] });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return ServiceAccount.parse(reply.body).id;
  }

  async function token(accountId: string, name: string, maxRps: number | null = null): Promise<string> {
    const reply = await call(roundRobin(), 'POST', tokensPath(accountId), adminToken, {
      name,
      expiresAt: null,
      maxRps,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return CreatedToken.parse(reply.body).secret;
  }

  it('every instance answers healthz and readyz on its own', async () => {
    for (const instance of instances) {
      expect((await fetch(`${instance.url}/api/v1/healthz`)).status).toBe(200);
      expect((await fetch(`${instance.url}/api/v1/readyz`)).status).toBe(200);
    }
  });

  it("holds a token's max RPS across instances: 429 beyond the cap plus what refills meanwhile", async () => {
    const cap = 5;
    const secret = await token(await account('rps_bot'), 'rps-token', cap);
    const began = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 45 }, (_, i) => call(instances[i % 3]!, 'GET', '/api/v1/me', secret)),
    );
    const seconds = (performance.now() - began) / 1000;
    const ok = replies.filter((r) => r.status === 200).length;
    const limited = replies.filter((r) => r.status === 429);
    expect(ok + limited.length).toBe(replies.length);
    // A token bucket allows `cap` at once and refills at `cap` per second; one more for a boundary.
    // Three separate buckets would let through three times as many.
    expect(ok).toBeGreaterThanOrEqual(cap);
    expect(ok).toBeLessThanOrEqual(Math.ceil(cap * (1 + seconds)) + 1);
    expect(ErrorBody.parse(limited[0]!.body).error.code).toBe('rate_limited');
  });

  it('answers an Idempotency-Key replayed on another instance with 409 idempotent_replay, never a second token', async () => {
    const accountId = await account('idem_bot');
    const body = { name: 'pipeline', expiresAt: null, maxRps: null };
    const key = { 'idempotency-key': 'cluster-key-0001' };
    const first = await call(instances[0]!, 'POST', tokensPath(accountId), adminToken, body, key);
    expect(first.status).toBe(201);
    for (const other of [instances[1]!, instances[2]!]) {
      const replay = await call(other, 'POST', tokensPath(accountId), adminToken, body, key);
      expect(replay.status).toBe(409);
      expect(ErrorBody.parse(replay.body).error.code).toBe('idempotent_replay');
      expect(JSON.stringify(replay.body)).not.toContain(CreatedToken.parse(first.body).secret);
    }
    const list = await call(instances[2]!, 'GET', tokensPath(accountId), adminToken);
    expect(TokenListResponse.parse(list.body).items).toHaveLength(1);
  });

  it('lets exactly one of 50 parallel same-name creates across instances win; the rest are 409', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(roundRobin(), 'POST', accountsPath, adminToken, { name: 'contested', roles: ['Viewer'] }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const refused = replies.filter((r) => r.status === 409).map((r) => ErrorBody.parse(r.body).error.code);
    expect(refused).toEqual(Array.from({ length: 49 }, () => 'name_taken'));
    expect(await sql.value("SELECT count(*) FROM members WHERE name = 'contested'")).toBe(1);
  });

  it('refuses a token suspended through one instance on every other at the very next request', async () => {
    const accountId = await account('suspend_bot');
    const secret = await token(accountId, 'suspend-token');
    for (const instance of instances) expect((await call(instance, 'GET', '/api/v1/me', secret)).status).toBe(200);
    const patched = await call(instances[0]!, 'PATCH', `${tokensPath(accountId)}/suspend-token`, adminToken, {
      status: 'SUSPENDED',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    for (const instance of [instances[1]!, instances[2]!]) {
      expect((await call(instance, 'GET', '/api/v1/me', secret)).status).toBe(401);
    }
    // Deleting the account refuses the token everywhere too (a second kind of change).
    const secret2 = await token(accountId, 'other-token');
    expect((await call(instances[2]!, 'GET', '/api/v1/me', secret2)).status).toBe(200);
    expect((await call(instances[0]!, 'DELETE', `${accountsPath}/${accountId}`, adminToken)).status).toBe(204);
    expect((await call(instances[2]!, 'GET', '/api/v1/me', secret2)).status).toBe(401);
  });

  it('runs retention once per interval cluster-wide, not once per instance', async () => {
    await sleep(3_500);
    const runs = (
      await sql.all<{ started_at: string; finished_at: string }>(
        "SELECT started_at, finished_at FROM job_runs WHERE job = 'request-log-retention' ORDER BY started_at",
      )
    ).map((run) => ({ started: Date.parse(run.started_at), finished: Date.parse(run.finished_at) }));
    expect(runs.length).toBeGreaterThan(1);
    // Never two at once, and about one per interval (1 s) across the three instances, not three.
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.started).toBeGreaterThanOrEqual(runs[i - 1]!.finished);
    const spanSeconds = (runs.at(-1)!.started - runs[0]!.started) / 1000;
    expect(runs.length).toBeLessThanOrEqual(Math.floor(spanSeconds / 0.9) + 1);
  });

  it('keeps every acknowledged write when one instance is killed during a write burst, and the others keep serving', async () => {
    const victim = instances[2]!;
    const acknowledged: string[] = [];
    const afterKill: number[] = [];
    let killed = false;
    let sent = 0;
    const worker = async () => {
      while (sent < 150) {
        const n = sent++;
        if (n === 40) {
          victim.process.child.kill('SIGKILL');
          killed = true;
        }
        const target = killed ? instances[n % 2]! : instances[n % 3]!;
        try {
          const reply = await call(target, 'POST', accountsPath, adminToken, { name: `burst_${n}`, roles: ['Viewer'] });
          if (reply.status === 201) acknowledged.push(ServiceAccount.parse(reply.body).id);
          if (killed && target !== victim) afterKill.push(reply.status);
        } catch {
          // The killed instance's connection failed: that write was never acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await victim.process.exited;

    expect(afterKill.length).toBeGreaterThan(50);
    expect(
      afterKill.filter((status) => status !== 201),
      instances[0]!.process.stderr().slice(0, 3000),
    ).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(100);
    for (const id of acknowledged) {
      const reply = await call(roundRobin([instances[0]!, instances[1]!]), 'GET', `${accountsPath}/${id}`, adminToken);
      expect(reply.status).toBe(200);
    }
  }, 120_000);
});
