import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** ESLint with the project's own config over `cwd`, jsx-a11y's rules only (planted files have no TS program). */
function a11yLint(cwd: string): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: join(REPO, 'eslint.config.js'),
    overrideConfig: tseslint.configs.disableTypeChecked,
    ruleFilter: ({ ruleId }) => ruleId.startsWith('jsx-a11y/'),
  });
}

describe('lint: accessibility of the renderer’s markup (jsx-a11y)', () => {
  let planted: string;

  beforeAll(() => {
    planted = mkdtempSync(join(tmpdir(), 'tokendesk-a11y-'));
    mkdirSync(join(planted, 'src-renderer'), { recursive: true });
    writeFileSync(
      join(planted, 'src-renderer/Bad.tsx'),
      [
        'export function Bad({ onOpen }: { onOpen: () => void }) {',
        '  return (',
        '    <div>',
        '      <div onClick={onOpen}>Open</div>',
        '      <input type="text" />',
        '      <label>Name</label>',
        '      <div role="menu" onKeyDown={onOpen} />',
        '    </div>',
        '  );',
        '}',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('fails on a clickable div without a key handler or role, a label with no control, a menu that takes no focus', async () => {
    const [result] = await a11yLint(planted).lintFiles(['src-renderer/Bad.tsx']);
    expect([...new Set(result!.messages.map((m) => m.ruleId))].sort()).toEqual([
      'jsx-a11y/click-events-have-key-events',
      'jsx-a11y/interactive-supports-focus',
      'jsx-a11y/label-has-associated-control',
      'jsx-a11y/no-static-element-interactions',
    ]);
  });
});
