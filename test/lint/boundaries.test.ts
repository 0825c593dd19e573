import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The rules this file is about; the type-aware rules need a TypeScript program, which planted files are not in. */
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'import-x/no-cycle', 'tokendesk/no-type-import-cycle']);

/** ESLint with the project's own config, over `cwd`, running the boundary and cycle rules only. */
function eslintOver(cwd: string): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: join(REPO, 'eslint.config.js'),
    overrideConfig: tseslint.configs.disableTypeChecked,
    ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
  });
}

/** `file: [ruleId, …]` for every file with a boundary finding. */
async function findings(eslint: ESLint, patterns: string[], cwd: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const result of await eslint.lintFiles(patterns)) {
    const rules = result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
    if (rules.length > 0) out[result.filePath.slice(cwd.length + 1)] = rules.sort();
  }
  return out;
}

describe('lint: the process boundaries and import cycles', () => {
  let planted: string;

  beforeAll(() => {
    planted = mkdtempSync(join(tmpdir(), 'tokendesk-lint-'));
    const plant = (path: string, text: string) => {
      mkdirSync(dirname(join(planted, path)), { recursive: true });
      writeFileSync(join(planted, path), text);
    };
    // Electron in the core and its services.
    plant('src-main/services/uses-electron.ts', "import { app } from 'electron';\nexport const name = app.name;\n");
    plant('src-main/core/uses-electron.ts', "import { ipcMain } from 'electron';\nexport const main = ipcMain;\n");
    plant('src-main/core.ts', "import type { App } from 'electron';\nexport type Host = App;\n");
    // The preload reaching into the core.
    plant('src-main/services/clean.ts', 'export const clean = 1;\n');
    plant(
      'src-main/preload.ts',
      "import { clean } from './services/clean.js';\nimport type { Host } from './core.js';\nexport const x: Host | number = clean;\n",
    );
    // A runtime cycle, and one that closes only through `import type`.
    plant('src-main/services/cycle-a.ts', "import { b } from './cycle-b.js';\nexport const a = () => b;\n");
    plant('src-main/services/cycle-b.ts', "import { a } from './cycle-a.js';\nexport const b = () => a;\n");
    plant('src-server/types-a.ts', "import type { B } from './types-b.js';\nexport interface A { b: B }\n");
    plant('src-server/types-b.ts', "import { type A } from './types-a.js';\nexport interface B { a?: A }\n");
    // The folder boundaries: src-shared runs everywhere, the renderer reaches main over the bridge only.
    plant('src-shared/uses-node.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
    plant(
      'src-shared/uses-node.test.ts',
      "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    );
    plant(
      'src-renderer/uses-main.ts',
      "import { clean } from '../src-main/services/clean.js';\nexport const x = clean;\n",
    );
    // Where Electron belongs, and a one-way type import: both fine.
    plant(
      'src-main/electron/window.ts',
      "import { BrowserWindow } from 'electron';\nexport const W = BrowserWindow;\n",
    );
    plant('src-server/types-c.ts', "import type { A } from './types-a.js';\nexport type C = A;\n");
  });
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('fails on planted services→electron, core→electron, preload→services/core, folder-crossing imports and cycles', async () => {
    expect(await findings(eslintOver(planted), ['.'], planted)).toEqual({
      'src-main/services/uses-electron.ts': ['no-restricted-imports'],
      'src-main/core/uses-electron.ts': ['no-restricted-imports'],
      'src-main/core.ts': ['no-restricted-imports'],
      'src-main/preload.ts': ['no-restricted-imports', 'no-restricted-imports'],
      'src-main/services/cycle-a.ts': ['import-x/no-cycle'],
      'src-main/services/cycle-b.ts': ['import-x/no-cycle'],
      'src-server/types-a.ts': ['tokendesk/no-type-import-cycle'],
      'src-server/types-b.ts': ['tokendesk/no-type-import-cycle'],
      'src-shared/uses-node.ts': ['no-restricted-imports'],
      'src-renderer/uses-main.ts': ['no-restricted-imports'],
    });
  });

  it('says why, in words that stand alone', async () => {
    const [result] = await eslintOver(planted).lintFiles(['src-server/types-a.ts']);
    expect(result!.messages[0]!.message).toBe(
      'Import cycle through a type-only import: src-server/types-a.ts → src-server/types-b.ts → src-server/types-a.ts. Move the shared types into a module of their own that both sides import.',
    );
    const [services] = await eslintOver(planted).lintFiles(['src-main/services/uses-electron.ts']);
    expect(services!.messages[0]!.message).toMatch(/plain Node/);
  });

  it('the real tree is clean', { timeout: 120_000 }, async () => {
    expect(await findings(eslintOver(REPO), ['.'], REPO.replace(/\/$/, ''))).toEqual({});
  });
});
