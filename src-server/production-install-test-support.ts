/**
 * A production-only node_modules for a test: exactly the packages `npm install --omit=dev` would put
 * beside the bundle (the given dependencies and what they need, read from package-lock.json), as
 * symlinks into the real install, so no compile or download is needed. Run node with
 * `--preserve-symlinks` so a package's own imports resolve from this folder too, not from the real
 * install where every dev dependency lives.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

interface LockEntry {
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where npm's lock file places `name` as seen from the package at `from` (nested folders first). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return null;
  }
}

/** The lock paths of every package a production install of `roots` holds. */
export function productionClosure(root: string, roots: string[]): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const seen = new Set<string>();
  const visit = (from: string, name: string, optional: boolean): void => {
    const path = locate(lock.packages, from, name);
    if (path === null) {
      if (optional) return;
      throw new Error(`package-lock.json has no ${name} for ${from || 'the root'}`);
    }
    if (seen.has(path)) return;
    seen.add(path);
    const entry = lock.packages[path]!;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) {
      visit(path, dep, entry.peerDependenciesMeta?.[dep]?.optional === true);
    }
  };
  for (const name of roots) visit('', name, false);
  return [...seen].sort();
}

/**
 * Links the top-level packages of the closure into `target/node_modules`; nested ones come along
 * inside their parent's folder. Returns the linked package names.
 */
export function linkProductionModules(root: string, roots: string[], target: string): string[] {
  const topLevel = productionClosure(root, roots).filter((path) => path.split('/node_modules/').length === 1);
  for (const path of topLevel) {
    const link = join(target, path);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(join(root, path), link, 'dir');
  }
  return topLevel.map((path) => posix.relative('node_modules', path));
}
