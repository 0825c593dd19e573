#!/usr/bin/env node
/**
 * Checks electron-builder.yml without the Electron binary:
 *   1. the config passes electron-builder's own schema (app-builder-lib's validateConfiguration);
 *   2. it has what TokenDesk needs: targets AppImage, deb, dmg, nsis; asar; fuses (file:// extra privileges
 *      off among them); icons; no node_modules;
 *   3. unless `--no-pack`: packs `--dir` for Linux against a stand-in Electron (the real binary cannot
 *      be downloaded on every machine) into a temporary folder and checks app.asar holds the built main, preload and renderer and nothing of
 *      the server, and that the fuses were flipped in the binary.
 * Prints one line on success; exits 1 with the reasons on failure. Run after `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
const yaml = fromBuilder('js-yaml');
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');

const problems = [];
const fail = (message) => problems.push(message);

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
try {
  await validateConfiguration(config, { isEnabled: false, add() {} });
} catch (error) {
  fail(`electron-builder schema: ${error.message}`);
}

const targetsOf = (platform) =>
  (config[platform]?.target ?? []).map((target) => (typeof target === 'string' ? target : target.target));
const expectTargets = { linux: ['AppImage', 'deb'], mac: ['dmg'], win: ['nsis'] };
for (const [platform, wanted] of Object.entries(expectTargets)) {
  for (const target of wanted) {
    if (!targetsOf(platform).includes(target)) fail(`${platform}.target lacks ${target}`);
  }
}
if (config.asar !== true) fail('asar must be true');
if (!config.appId) fail('appId is missing');
if (config.productName !== 'TokenDesk') fail('productName must be TokenDesk');
if (config.directories?.output !== 'release') fail('directories.output must be release');
if (config.mac?.hardenedRuntime !== true) fail('mac.hardenedRuntime must be true');
if (config.mac?.category !== 'public.app-category.developer-tools') fail('mac.category is not developer-tools');
if (!config.linux?.maintainer) fail('linux.maintainer is missing (deb needs it)');

const files = config.files ?? [];
for (const pattern of ['package.json', 'dist/main/**', 'dist/renderer/**', '!node_modules/**']) {
  if (!files.includes(pattern)) fail(`files lacks ${pattern}`);
}

const fuses = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
  // The renderer is served from app://; file:// pages get nothing beyond what a browser gives them.
  grantFileProtocolExtraPrivileges: false,
};
for (const [fuse, value] of Object.entries(fuses)) {
  if (config.electronFuses?.[fuse] !== value) fail(`electronFuses.${fuse} must be ${value}`);
}

for (const platform of ['linux', 'mac', 'win']) {
  const icon = config[platform]?.icon;
  if (!icon || !existsSync(join(root, icon))) fail(`${platform}.icon ${icon} does not exist`);
}
const png = existsSync(join(root, 'assets/icon.png')) ? readFileSync(join(root, 'assets/icon.png')) : null;
if (!png || png.toString('latin1', 1, 4) !== 'PNG' || png.readUInt32BE(16) < 512 || png.readUInt32BE(20) < 512) {
  fail('assets/icon.png must be a PNG of at least 512×512');
}

let packed = 'not packed (--no-pack)';
if (!process.argv.includes('--no-pack') && problems.length === 0) packed = checkPackage();

if (problems.length > 0) {
  console.error(`electron-builder config: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(
  `electron-builder config ok: ${config.appId}, targets ${Object.values(expectTargets).flat().join(' ')}, fuses set; ${packed}`,
);

/** Packs for Linux with `--dir` against a stand-in Electron and inspects the result. */
function checkPackage() {
  for (const built of [
    'dist/main/main.cjs',
    'dist/main/preload.cjs',
    'dist/main/compaction-worker.cjs',
    'dist/renderer/index.html',
  ]) {
    if (!existsSync(join(root, built))) {
      fail(`${built} is missing: run npm run build first (or pass --no-pack)`);
      return 'not packed';
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-pack-'));
  try {
    const electronDist = join(work, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    // The fuse wire as Electron lays it out: sentinel, version 1, length, one byte per fuse
    // ('1' on, '0' off), with Electron's defaults, so flipping them shows up as a change.
    const defaults = '10110001';
    const binary = Buffer.concat([
      Buffer.from('stand-in electron binary\n'),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, defaults.length]),
      Buffer.from(defaults),
    ]);
    writeFileSync(join(electronDist, 'electron'), binary);
    chmodSync(join(electronDist, 'electron'), 0o755);
    writeFileSync(join(electronDist, 'LICENSE'), 'stand-in\n');

    const output = join(work, 'out');
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--dir',
        '--linux',
        '--x64',
        `-c.electronDist=${electronDist}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${output}`,
        '--publish=never',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    if (run.status !== 0) {
      fail(`electron-builder --dir failed:\n${run.stdout}\n${run.stderr}`);
      return 'pack failed';
    }
    const unpacked = join(output, 'linux-unpacked');
    const asar = require('@electron/asar');
    const entries = asar.listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    const inAsar = new Set(entries.map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
    for (const wanted of [
      'package.json',
      'dist/main/main.cjs',
      'dist/main/preload.cjs',
      'dist/main/compaction-worker.cjs',
      'dist/renderer/index.html',
    ]) {
      if (!inAsar.has(wanted)) fail(`app.asar lacks ${wanted}`);
    }
    for (const entry of inAsar) {
      if (/(^|\/)(node_modules|src-server|src-main|src-shared|src-renderer|test)(\/|$)/.test(entry)) {
        fail(`app.asar holds ${entry}: the app ships only its bundles`);
      }
      if (/better-sqlite3|better_sqlite3|\.node$/.test(entry)) fail(`app.asar holds native code: ${entry}`);
    }
    const main = asar.extractFile(join(unpacked, 'resources', 'app.asar'), 'dist/main/main.cjs').toString();
    if (/better-sqlite3|fastify/.test(main)) fail('the main bundle contains server code (better-sqlite3 or fastify)');

    const flipped = readFileSync(join(unpacked, 'tokendesk'));
    const at = flipped.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2;
    const wire = flipped.toString('latin1', at, at + defaults.length);
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, asar only on,
    // browser-specific V8 snapshot as it was (off), file:// extra privileges off.
    if (wire !== '01001100') fail(`fuses not flipped as configured: wire is ${wire}`);
    return `packed --dir: app.asar has ${inAsar.size} entries, bundles only; fuse wire ${wire}`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
