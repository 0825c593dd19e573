import type { Locator, Page } from '@playwright/test';
import { makeSelfSigned, pinOf } from '../tls/certificates.js';
import { startHttpsFront } from '../tls/https-front.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

const SIZES = [
  { width: 960, height: 600 },
  { width: 1200, height: 780 },
];

/**
 * The screen at the smallest window and the default one, in the light and the dark theme; `show` is
 * scrolled into view first (the dialog scrolls in a small window).
 */
async function shots(page: Page, name: string, show?: Locator): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      // Centred: the dialog's footer stands over the bottom of its scrolling body.
      await show?.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await shot(page, `${name}-${size.width}x${size.height}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a self-signed server is shown with its fingerprint; the token goes only after Trust', async ({
  server,
  openApp,
  workDir,
}) => {
  const pair = await makeSelfSigned(workDir, 'self');
  const front = await startHttpsFront(server.url, pair);
  try {
    const app = await openApp();
    const { page } = app;
    await page.getByRole('button', { name: 'Add connection' }).first().click();
    const add = page.getByRole('dialog', { name: 'Add connection' });
    await add.getByLabel('Name').fill('Private server');
    await add.getByLabel('Server URL').fill(front.url);
    await add.getByLabel('Admin token').fill(server.adminToken);
    await add.getByText('Certificates (optional)').click();
    await expect(add.getByLabel('Certificate authority')).toBeVisible();
    await expect(add.getByLabel('Pinned server key')).toBeVisible();
    await add
      .getByLabel('Certificate authority')
      .fill('-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----');
    await add.getByRole('button', { name: 'Save' }).click();
    // Said under the field itself (and why Save did nothing, above the buttons).
    await expect(add.getByLabel('Certificate authority')).toHaveAccessibleDescription(
      /could not be read: it is damaged or not a certificate/,
    );
    await shots(page, 'connection-dialog-certificates', add.getByLabel('Pinned server key'));
    await add.getByLabel('Certificate authority').fill('');

    await add.getByRole('button', { name: 'Test connection' }).click();
    const trust = page.getByRole('dialog', { name: 'Check this server’s certificate' });
    await expect(trust).toBeVisible();
    await expect(trust).toContainText(pinOf(pair.cert));
    await expect(trust).toContainText('O=TokenDesk Tests, CN=localhost');
    // Nothing reached the server: not the token, not even a request.
    expect(front.seen).toEqual([]);
    await shots(page, 'certificate-trust-dialog');

    await trust.getByRole('button', { name: 'Trust and connect' }).click();
    await expect(add.getByRole('status', { name: 'Connection test' })).toContainText('Connected as');
    await expect(add.getByLabel('Pinned server key')).toHaveValue(pinOf(pair.cert));
    expect(front.seen.some((s) => s.authorization !== null)).toBe(true);

    await add.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(/Showing 120 of 120/);
  } finally {
    await front.close();
  }
});
