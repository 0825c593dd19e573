import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WINDOW_SIZE } from '../../src-main/electron/window-size.js';
import { axeViolations } from './axe.js';
import { layoutProblems } from './layout-check.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';
import { LONG, seedLongNames, walkApp } from './walk.js';

/**
 * The window's smallest size, the size it opens at (both from the window factory), a common desktop
 * and a large one.
 */
const SIZES = [
  { width: WINDOW_SIZE.minWidth, height: WINDOW_SIZE.minHeight },
  { width: WINDOW_SIZE.width, height: WINDOW_SIZE.height },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
] as const;

// Both themes: the layout is the same, but colours (axe's contrast checks) and the screenshots differ.
// axe runs at every size, since a narrow window shows other controls (folded columns, row menus).
for (const theme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    test(`every screen and dialog fits at ${size.width}×${size.height} (${theme}): nothing out of reach, no text cut for good, no WCAG 2.1 AA violation`, async ({
      server,
      openApp,
      workDir,
    }) => {
      test.setTimeout(240_000);
      // Scan a folder… finds the long token in here.
      const folder = join(workDir, 'project');
      const app = await openApp({
        viewport: size,
        settings: { theme },
        dialogs: { pickFolder: () => Promise.resolve(folder) },
      });
      const { page } = app;
      const { secret } = await seedLongNames(app, server);
      mkdirSync(folder);
      writeFileSync(join(folder, '.env'), `TOKENDESK_TOKEN=${secret}\n`);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

      // The list the issue saw lose its last columns at 960 wide: Tokens, Next expiry and Delete are in view.
      const grid = page.getByRole('grid', { name: 'Service accounts' });
      const first = grid.getByRole('row', { name: LONG.account });
      for (const header of ['Tokens', 'Next expiry']) {
        await expect(grid.getByRole('columnheader', { name: header })).toBeInViewport({ ratio: 1 });
      }
      // Cells: Select, Name, Description, Roles, Status, Tokens, Next expiry, Actions.
      await expect(first.getByRole('gridcell').nth(5)).toHaveText('1');
      await expect(first.getByRole('gridcell').nth(5)).toBeInViewport({ ratio: 1 });
      await expect(first.getByRole('gridcell').nth(6)).toBeInViewport({ ratio: 1 });
      await expect(first.getByRole('button', { name: `Delete ${LONG.account}` })).toBeInViewport({ ratio: 1 });

      const found: string[] = [];
      await walkApp(page, async (name) => {
        await shot(page, `layout-${theme}-${label}-${name}`, [page.getByTestId('revealed-secret')]);
        for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
        for (const problem of await axeViolations(page)) found.push(`${name}: ${problem}`);
      });
      expect(found).toEqual([]);
    });
  }
}
