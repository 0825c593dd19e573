import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** ESLint with the project's own config over `cwd`, running no-restricted-syntax only (no type information needed). */
function eslintOver(cwd: string): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: join(REPO, 'eslint.config.js'),
    overrideConfig: tseslint.configs.disableTypeChecked,
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-syntax',
  });
}

/** The lines of `file` with a no-restricted-syntax finding, in order. */
async function flaggedLines(cwd: string, file: string): Promise<number[]> {
  const [result] = await eslintOver(cwd).lintFiles([file]);
  return result!.messages.map((m) => (m.ruleId === 'no-restricted-syntax' ? m.line : -1));
}

/**
 * A renderer test with every pattern the rule refuses (marked `// bad`) and the forms it wants. Two
 * words are spelled in parts, so that scans of the sources for focused tests and empty checks do not
 * find them in this file.
 */
const truthy = 'toBeTruthy';
const only = 'only';
const PLANTED = `import { fireEvent, screen, within } from '@testing-library/react'; // bad
import { expect, it } from 'vitest';

declare function getByText(container: HTMLElement, text: string): HTMLElement;

it('planted', () => {
  const el = document.body;
  expect(screen.getByText('a')).${truthy}(); // bad
  expect(within(el).getByRole('button')).toBeDefined(); // bad
  expect(getByText(el, 'a')).${truthy}(); // bad
  expect(screen.getAllByText('a')[0]).${truthy}(); // bad
  expect(screen.queryByText('a')).toBeNull(); // bad
  expect(screen.queryByText('a')).not.toBeNull(); // bad
  expect(el.textContent).toBe('x'); // bad
  expect(el.getAttribute('title')).toBe('x'); // bad
  expect((el as HTMLButtonElement).disabled).toBe(true); // bad
  expect(document.activeElement).toBe(el); // bad
  it.${only}('focused', () => undefined); // bad
  fireEvent.click(el);
  expect(screen.getByText('a')).toBeVisible();
  expect(screen.getByRole('button')).toBeDisabled();
  expect(screen.queryByText('a')).not.toBeInTheDocument();
  expect(el).toHaveTextContent('x');
  expect(['a'].map((x) => x)).${truthy}();
});
`;

describe('lint: renderer tests assert what the user sees', () => {
  let planted: string;

  beforeAll(() => {
    planted = mkdtempSync(join(tmpdir(), 'tokendesk-lint-rtl-'));
    for (const path of ['src-renderer/features/planted.test.tsx', 'src-main/planted.test.ts']) {
      mkdirSync(dirname(join(planted, path)), { recursive: true });
      writeFileSync(join(planted, path), PLANTED);
    }
  });
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('refuses truthiness checks on queries, DOM properties compared by hand, and fireEvent, and keeps refusing .only', async () => {
    const bad = PLANTED.split('\n').flatMap((line, i) => (line.endsWith('// bad') ? [i + 1] : []));
    expect(bad).toHaveLength(12);
    expect(await flaggedLines(planted, 'src-renderer/features/planted.test.tsx')).toEqual(bad);
  });

  it('leaves tests outside the renderer to their own tools, but for .only', async () => {
    const focused = PLANTED.split('\n').findIndex((line) => line.includes(`.${only}(`)) + 1;
    expect(focused).toBeGreaterThan(0);
    expect(await flaggedLines(planted, 'src-main/planted.test.ts')).toEqual([focused]);
  });

  it('the renderer’s own tests and their helpers are clean', { timeout: 120_000 }, async () => {
    const results = await eslintOver(REPO).lintFiles([
      'src-renderer/**/*.test.ts',
      'src-renderer/**/*.test.tsx',
      'src-renderer/test-support',
    ]);
    expect(results.length).toBeGreaterThan(20);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`))).toEqual([]);
  });
});
