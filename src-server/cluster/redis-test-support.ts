/**
 * A throwaway Redis for tests: `redis-server` on a free loopback port, no persistence, its files in a
 * temp folder, started before the file's tests and stopped after them. `stop()` and `start()` let a
 * test take it away and bring it back on the same port (an outage).
 *
 * Without `redis-server` on PATH (Debian: `apt-get install -y redis-server`) the tests cannot run. By
 * hand they are skipped with one loud message per run; in CI (`CI=true`) each file adds one failing
 * test that says why, so a CI without Redis cannot pass by skipping them (as pg-test-support.ts).
 *
 *   const redis = testRedis();
 *   describe.skipIf(redis.skip)('…', () => { it('…', async () => { … redis.url() … }); });
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { freePort } from './free-port.js';

export interface TestRedis {
  /** True when the tests must be skipped (no redis-server, not in CI). */
  readonly skip: boolean;
  /** redis://127.0.0.1:PORT (after beforeAll). */
  url(): string;
  /** Stops the server (an outage); its data goes with it. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

export function testRedis(): TestRedis {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    if (process.env.CI === 'true') {
      it('has redis-server to run against', () => {
        throw new Error(
          'redis-server is not installed, and CI=true: CI must run the Redis tests (apt-get install -y redis-server)',
        );
      });
    } else {
      announceSkipOnce();
    }
    const missing = () => {
      throw new Error('redis-server is not installed');
    };
    return { skip: true, url: missing, stop: () => Promise.reject(new Error('no redis-server')), start: missing };
  }

  let port = 0;
  let dir: string | undefined;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child) return;
    dir ??= mkdtempSync(join(tmpdir(), 'tokendesk-redis-'));
    port ||= await freePort();
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      started.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };

  beforeAll(start);
  afterAll(async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    skip: false,
    url: () => {
      if (!port) throw new Error('testRedis(): the server starts in beforeAll');
      return `redis://127.0.0.1:${port}`;
    },
    stop,
    start,
  };
}

/** One message per test run, not per file (see pg-test-support.ts). */
function announceSkipOnce(): void {
  try {
    writeFileSync(join(tmpdir(), `tokendesk-skip-notice-redis-${process.ppid}`), '', { flag: 'wx' });
  } catch {
    return;
  }
  console.warn(
    [
      '',
      '#'.repeat(100),
      '# Redis tests SKIPPED: redis-server is not installed (Debian: apt-get install -y redis-server).',
      '# In CI (CI=true) they fail instead.',
      '#'.repeat(100),
      '',
    ].join('\n'),
  );
}
