#!/usr/bin/env node
/**
 * A throwaway PostgreSQL cluster for tests: initdb in a fresh temp folder, listening on 127.0.0.1 only,
 * on a free port, with its socket inside the folder; `stop` shuts it down and removes the folder.
 *
 *   eval "$(node scripts/pg-throwaway.mjs start)"   # exports TOKENDESK_TEST_DATABASE_URL and TOKENDESK_PG_THROWAWAY_DIR
 *   node scripts/pg-throwaway.mjs stop [DIR]        # DIR defaults to $TOKENDESK_PG_THROWAWAY_DIR
 *
 * Tests run it with fsync off (nothing in it outlives the run); `start --durable` keeps PostgreSQL's
 * default, fsync on, for the benchmark, so its figures are what a real deployment pays.
 *
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (runuser);
 * otherwise to the current user. Trust authentication is fine: nothing but this machine can connect.
 * scripts/test-all.mjs imports startThrowaway/stopThrowaway to do the same for `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CLUSTER_USER = 'postgres';
/** Debian keeps the server's programs off PATH, one folder per major version. */
const DEBIAN_BINARIES = '/usr/lib/postgresql';

/** The path of a PostgreSQL server program: from PATH, else the newest Debian install, else null. */
function postgresBin(tool) {
  const onPath = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (onPath.status === 0) return onPath.stdout.trim();
  const versions = existsSync(DEBIAN_BINARIES)
    ? readdirSync(DEBIAN_BINARIES)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const found = versions.map((v) => join(DEBIAN_BINARIES, v, 'bin', tool)).find((path) => existsSync(path));
  return found ?? null;
}

/** True when initdb and pg_ctl can be found (a developer machine may not have PostgreSQL at all). */
export function postgresAvailable() {
  return postgresBin('initdb') !== null && postgresBin('pg_ctl') !== null;
}

function asClusterUser([tool, ...toolArgs]) {
  const args = [postgresBin(tool) ?? tool, ...toolArgs];
  const isRoot = process.getuid?.() === 0;
  const [cmd, ...rest] = isRoot ? ['runuser', '-u', CLUSTER_USER, '--', ...args] : args;
  const run = spawnSync(cmd, rest, { encoding: 'utf8' });
  if (run.status !== 0) {
    const why = run.error ? String(run.error) : run.stderr || run.stdout;
    throw new Error(`${cmd} ${tool} failed (${run.status ?? 'not started'}): ${why}`.trim());
  }
  return run.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster and returns `{ dir, url }`; the caller must stopThrowaway(dir). */
export async function startThrowaway({ durable = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tokendesk-pg-'));
  try {
    if (process.getuid?.() === 0) {
      const ids = spawnSync('id', ['-u', CLUSTER_USER], { encoding: 'utf8' });
      const gids = spawnSync('id', ['-g', CLUSTER_USER], { encoding: 'utf8' });
      chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
    }
    const data = join(dir, 'data');
    asClusterUser(['initdb', '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    // Another process can take the port between freePort() and the start: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durable ? '' : ' -c fsync=off'}`;
      try {
        asClusterUser(['pg_ctl', '-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
        return { dir, url: `postgres://postgres@127.0.0.1:${port}/postgres` };
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the cluster in `dir` (if it runs) and removes the folder. */
export function stopThrowaway(dir) {
  const data = join(dir, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) {
    try {
      asClusterUser(['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch (error) {
      console.error(String(error));
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

async function main(command, arg) {
  if (command === 'start') {
    if (arg !== undefined && arg !== '--durable')
      throw new Error('usage: pg-throwaway.mjs start [--durable] | stop [DIR]');
    const { dir, url } = await startThrowaway({ durable: arg === '--durable' });
    console.log(`export TOKENDESK_TEST_DATABASE_URL='${url}'`);
    console.log(`export TOKENDESK_PG_THROWAWAY_DIR='${dir}'`);
  } else if (command === 'stop') {
    const given = arg ?? process.env.TOKENDESK_PG_THROWAWAY_DIR;
    // Only a folder start made: directly in the temp folder, with its prefix (so `..` cannot lead elsewhere).
    const dir = given && resolve(given);
    if (!dir || dirname(dir) !== resolve(tmpdir()) || !basename(dir).startsWith('tokendesk-pg-')) {
      throw new Error('stop needs the folder that start printed (TOKENDESK_PG_THROWAWAY_DIR)');
    }
    stopThrowaway(dir);
  } else {
    throw new Error('usage: pg-throwaway.mjs start [--durable] | stop [DIR]');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv[2], process.argv[3]).catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
