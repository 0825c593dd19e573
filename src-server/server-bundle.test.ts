import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../src-shared/api/paths.js';
import { ROOT, startCli } from './cli-test-support.js';
import { linkProductionModules } from './production-install-test-support.js';
import { call, tempDir } from './test-support.js';

/**
 * `npm run build:server` gives a bundle that plain Node runs on a host holding only its production
 * dependencies: no tsx, no dev dependency, no source tree.
 */
describe('the bundled server (scripts/build-server.mjs)', () => {
  const dir = tempDir('bundle');
  const app = join(dir.path, 'app');
  let dependencies: string[];
  let linked: string[];
  let lock: ReturnType<typeof linkProductionModules>['lock'];

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/build-server.mjs'), '--outdir', app], {
      cwd: ROOT,
    });
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    dependencies = Object.keys(manifest.dependencies);
    ({ linked, lock } = linkProductionModules(ROOT, app));
  }, 60_000);
  afterAll(() => dir.remove());

  it('declares only packages that are production dependencies of the project, and installs no dev one', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(dependencies).toEqual(expect.arrayContaining(['better-sqlite3', 'fastify']));
    for (const name of dependencies) expect(root.dependencies).toHaveProperty(name);
    for (const name of ['tsx', 'esbuild', 'typescript', 'vite', 'vitest']) expect(linked).not.toContain(name);
    expect(Object.entries(lock.packages).filter(([, entry]) => entry.dev)).toEqual([]);
    // The lock pins what the project's own lock pins.
    const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as typeof lock;
    for (const [path, entry] of Object.entries(lock.packages))
      if (path !== '') expect(entry).toEqual(rootLock.packages[path]);
    expect(readFileSync(join(app, 'cli.js'), 'utf8')).not.toMatch(/from ["'](tsx|esbuild|vite|vitest)["/]/);
  });

  it('runs with plain node from a folder holding only the bundle and its production node_modules', async () => {
    // Nothing of the caller's environment but PATH, and, in the Node 24 run (scripts/node24), the hook
    // that hands better-sqlite3 its Node 24 addon: a file of ours with no imports beyond node:.
    const { PATH, NODE_OPTIONS, TOKENDESK_SQLITE_BINDING } = process.env;
    const env: NodeJS.ProcessEnv = {
      PATH,
      HOME: dir.path,
      ...(TOKENDESK_SQLITE_BINDING ? { NODE_OPTIONS, TOKENDESK_SQLITE_BINDING } : {}),
    };
    const { server, url, adminToken } = await startCli(
      join(app, 'cli.js'),
      ['--port', '0', '--data', join(dir.path, 'data')],
      // Without --preserve-symlinks a linked package would resolve its own imports from the real
      // install, where the dev dependencies are, and prove nothing.
      { nodeArgs: ['--preserve-symlinks', '--preserve-symlinks-main'], cwd: app, env },
    );
    try {
      const health = await call<{ status: string; version: string }>(url + apiPath('getHealth'));
      expect(health.status).toBe(200);
      expect(health.body.version).toBe(
        (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      );
      const me = await call<{ name: string }>(url + apiPath('getMe'), { token: adminToken });
      expect(me.status).toBe(200);
      expect(me.body.name).toBe('admin');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    expect(server.stderr()).toBe('');
  });
});
