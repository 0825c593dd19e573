import { layoutProblems } from './layout-check.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';
import { seedLongNames, walkApp } from './walk.js';

/** The window's smallest size, the size it opens at, and a common desktop. */
const SIZES = [
  { width: 960, height: 600 },
  { width: 1200, height: 780 },
  { width: 1920, height: 1080 },
] as const;

for (const size of SIZES) {
  test(`every screen and dialog fits at ${size.width}×${size.height}: nothing out of reach, no text cut for good`, async ({
    server,
    openApp,
  }) => {
    test.setTimeout(240_000);
    const app = await openApp({ viewport: size });
    const { page } = app;
    await seedLongNames(app, server);
    await page.reload();
    const found: string[] = [];
    await walkApp(page, async (name) => {
      await shot(page, `layout-${size.width}x${size.height}-${name}`, [page.getByTestId('revealed-secret')]);
      for (const problem of await layoutProblems(page)) found.push(`${name}: ${problem}`);
    });
    expect(found).toEqual([]);
  });
}
