import { WINDOW_SIZE } from '../../src-main/electron/window-size.js';
import { layoutProblems } from './layout-check.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';
import { LONG, seedLongNames, walkApp } from './walk.js';

/** The window's smallest size, the size it opens at (both from the window factory), and a common desktop. */
const SIZES = [
  { width: WINDOW_SIZE.minWidth, height: WINDOW_SIZE.minHeight },
  { width: WINDOW_SIZE.width, height: WINDOW_SIZE.height },
  { width: 1920, height: 1080 },
] as const;

// Both themes: the layout is the same, and the screenshots of each are looked at.
for (const theme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    test(`every screen and dialog fits at ${size.width}×${size.height} (${theme}): nothing out of reach, no text cut for good`, async ({
      server,
      openApp,
    }) => {
      test.setTimeout(240_000);
      const app = await openApp({ viewport: size, settings: { theme } });
      const { page } = app;
      await seedLongNames(app, server);
      await page.reload();

      // The list the issue saw lose its last columns at 960 wide: Tokens, Next expiry and Delete are in view.
      const grid = page.getByRole('grid', { name: 'Service accounts' });
      const first = grid.getByRole('row', { name: LONG.account });
      for (const header of ['Tokens', 'Next expiry']) {
        await expect(grid.getByRole('columnheader', { name: header })).toBeInViewport({ ratio: 1 });
      }
      await expect(first.getByRole('gridcell').nth(4)).toHaveText('1');
      await expect(first.getByRole('gridcell').nth(4)).toBeInViewport({ ratio: 1 });
      await expect(first.getByRole('gridcell').nth(5)).toBeInViewport({ ratio: 1 });
      await expect(first.getByRole('button', { name: `Delete ${LONG.account}` })).toBeInViewport({ ratio: 1 });

      const found: string[] = [];
      await walkApp(page, async (name) => {
        await shot(page, `layout-${theme}-${label}-${name}`, [page.getByTestId('revealed-secret')]);
        for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
      });
      expect(found).toEqual([]);
    });
  }
}
