#!/usr/bin/env node
/**
 * `npm run build:server`: the server as one ES module, dist/server/cli.js, that plain `node` runs without
 * tsx or any dev dependency. Our own code (src-server, src-shared) is bundled; every npm package stays
 * an import, because better-sqlite3 is native and the others are installed with it on the host. Beside
 * the bundle goes a package.json whose "dependencies" are exactly the packages the bundle imports, and
 * a package-lock.json cut from the project's own: those packages and what they need, at the versions
 * the tests ran with, so a host runs `npm ci --omit=dev` in that folder and gets exactly those (a plain
 * `npm install` would take the newest in each range, some of which already need Node 22).
 *
 * A bundle that imports a package which is not one of the root package.json's "dependencies" (a dev
 * dependency, or one not declared at all) would fail on a production host, so the build refuses it.
 *
 *   node scripts/build-server.mjs [--outdir DIR]   (default dist/server)
 */
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = resolve(values.outdir ?? join(ROOT, 'dist/server'));
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [join(ROOT, 'src-server/cli.ts')],
  outfile: join(outdir, 'cli.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  // version.ts reads the root package.json beside src-server; the bundle has none there.
  define: { 'globalThis.TOKENDESK_BUILT_VERSION': JSON.stringify(root.version) },
  banner: { js: '#!/usr/bin/env node' },
  metafile: true,
  logLevel: 'warning',
});

/** The package an import names: `@scope/name/sub` → `@scope/name`, `fastify` → `fastify`. */
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const builtins = new Set(builtinModules);
const imported = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path, external } of output.imports) {
    if (!external || path.startsWith('node:') || builtins.has(path)) continue;
    imported.add(packageOf(path));
  }
}
const undeclared = [...imported].filter((name) => !root.dependencies?.[name]).sort();
if (undeclared.length > 0) {
  rmSync(outdir, { recursive: true, force: true });
  console.error(
    `build-server: the server imports ${undeclared.join(', ')}, which ${undeclared.length === 1 ? 'is' : 'are'} not in ` +
      'package.json "dependencies": a production install would not have it. Move it there or stop importing it.',
  );
  process.exit(1);
}

const dependencies = Object.fromEntries([...imported].sort().map((name) => [name, root.dependencies[name]]));
const manifest = {
  name: 'tokendesk-server',
  version: root.version,
  private: true,
  type: 'module',
  description: 'The TokenDesk token server, bundled: install with `npm install --omit=dev`, run `node cli.js`.',
  engines: root.engines,
  bin: { 'tokendesk-server': 'cli.js' },
  dependencies,
  // npm 11 asks which packages may run install scripts: the same answer as the project's.
  allowScripts: Object.fromEntries(Object.entries(root.allowScripts ?? {}).filter(([name]) => name in dependencies)),
};
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const packages = { '': { name: manifest.name, version: manifest.version, dependencies } };
for (const path of productionClosure(lock.packages, Object.keys(dependencies))) packages[path] = lock.packages[path];
writeFileSync(
  join(outdir, 'package-lock.json'),
  `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
);
console.log(`build-server: ${join(outdir, 'cli.js')} (imports ${Object.keys(dependencies).join(', ')})`);

/** Where npm's lock file places `name` as seen from the package at `from`: its own nested folder first. */
function locate(packages, from, name) {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return null;
  }
}

/** The lock paths of every package a production install of `roots` holds (dependencies, optional, peer). */
function productionClosure(packages, roots) {
  const seen = new Set();
  const visit = (from, name, optional) => {
    const path = locate(packages, from, name);
    if (path === null) {
      if (optional) return;
      throw new Error(`package-lock.json has no ${name} for ${from || 'the root'}`);
    }
    if (seen.has(path)) return;
    seen.add(path);
    const entry = packages[path];
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) {
      visit(path, dep, entry.peerDependenciesMeta?.[dep]?.optional === true);
    }
  };
  for (const name of roots) visit('', name, false);
  return [...seen].sort();
}
