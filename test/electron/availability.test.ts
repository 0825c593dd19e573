import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../src-main/services/test-support/temp-dir.js';
import { electronSuite } from './availability.js';
import { runElectronSuite } from './suite.js';

const SKIP_REASON =
  'the Electron binary is not installed (node_modules/electron/path.txt is missing; `npx install-electron` fetches it)';

describe('the Electron app suite runs only where the binary is installed', () => {
  const roots: { path: string; cleanup: () => void }[] = [];
  afterEach(() => roots.splice(0).forEach((root) => root.cleanup()));

  /** A stand-in electron package: as npm installs it (no binary), or after its download. */
  function electronPackage(state: 'not downloaded' | 'downloaded' | 'path.txt only'): string {
    const root = tempDir('electron-package');
    roots.push(root);
    mkdirSync(join(root.path, 'dist'), { recursive: true });
    writeFileSync(join(root.path, 'index.js'), "throw new Error('a test must never require electron');");
    if (state !== 'not downloaded') writeFileSync(join(root.path, 'path.txt'), 'electron');
    if (state === 'downloaded') writeFileSync(join(root.path, 'dist', 'electron'), '');
    return root.path;
  }

  it('finds the downloaded binary without running the package', () => {
    const dir = electronPackage('downloaded');
    expect(electronSuite(dir, {})).toEqual({ run: true, binary: join(dir, 'dist', 'electron') });
  });

  it('skips where it was never downloaded, or its binary is gone', () => {
    expect(electronSuite(electronPackage('not downloaded'), {})).toEqual({ run: false, reason: SKIP_REASON });
    expect(electronSuite(electronPackage('path.txt only'), {})).toEqual({ run: false, reason: SKIP_REASON });
  });

  it('a skip is one line, runs nothing, and counts as neither passed nor failed', () => {
    const lines: string[] = [];
    const runPlaywright = vi.fn(() => 0);
    const report = runElectronSuite({
      suite: electronSuite(electronPackage('not downloaded'), {}),
      runPlaywright,
      workDir: roots[0]!.path,
      log: (line) => lines.push(line),
    });
    expect(lines).toEqual([`Electron app tests skipped: ${SKIP_REASON}.`]);
    expect(runPlaywright).not.toHaveBeenCalled();
    expect(report).toEqual({ passed: 0, failed: 0, skipped: SKIP_REASON });
  });

  it('where it runs, the counts are Playwright’s', () => {
    const workDir = tempDir('electron-report');
    roots.push(workDir);
    const report = runElectronSuite({
      suite: { run: true, binary: '/opt/electron/electron' },
      runPlaywright: (json) => {
        writeFileSync(json, JSON.stringify({ stats: { expected: 1, flaky: 0, unexpected: 1 } }));
        return 1;
      },
      workDir: workDir.path,
      mainBundle: join(electronPackage('downloaded'), 'index.js'),
      log: () => undefined,
    });
    expect(report).toEqual({ passed: 1, failed: 1 });
  });
});
