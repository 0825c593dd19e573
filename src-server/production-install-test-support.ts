/**
 * A production-only node_modules for a test: exactly the packages the bundle's own package-lock.json
 * (written by scripts/build-server.mjs) names, which `npm ci --omit=dev` would install, as symlinks into
 * the real install, so no compile or download is needed. Run node with `--preserve-symlinks` so a
 * package's own imports resolve from this folder too, not from the real install where every dev
 * dependency lives.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

interface Lock {
  packages: Record<string, { dev?: boolean }>;
}

/** Links the top-level packages of `app`'s lock file; nested ones come along inside their parent. */
export function linkProductionModules(root: string, app: string): { linked: string[]; lock: Lock } {
  const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as Lock;
  const topLevel = Object.keys(lock.packages).filter(
    (path) => path !== '' && path.split('/node_modules/').length === 1,
  );
  for (const path of topLevel) {
    const link = join(app, path);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(join(root, path), link, 'dir');
  }
  return { linked: topLevel.map((path) => posix.relative('node_modules', path)), lock };
}
