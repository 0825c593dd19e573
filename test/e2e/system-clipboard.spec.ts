import { join } from 'node:path';
import { pasted, startXvfb, x11ClipboardSkipReason } from '../../src-main/services/test-support/xvfb.js';
import { launchApp } from '../harness/harness.js';
import { systemClipboard } from '../harness/system-clipboard.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

// Skipped, with this reason, only where xclip or Xvfb is missing; in CI their absence fails instead.
const skipReason = x11ClipboardSkipReason();
test.skip(skipReason !== null, skipReason ?? '');

test('the Chromium fallback copies to the real X11 clipboard, and quitting clears it', async ({
  server,
  browser,
  workDir,
}) => {
  const x = await startXvfb();
  try {
    const app = await launchApp({
      browser,
      dataDir: join(workDir, 'app'),
      keychainDir: join(workDir, 'keychain'),
      clipboard: systemClipboard({ env: { ...process.env, DISPLAY: x.display } }),
    });
    const { page } = app;
    await app.call('connections:add', { name: 'Local', url: server.url, domain: 'default', token: server.adminToken });
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Personal tokens' }).click();
    await page.getByRole('button', { name: 'Create token' }).click();
    const create = page.getByRole('dialog', { name: 'Create personal token' });
    await create.getByLabel('Name').fill('xclip_token');
    await create.getByRole('button', { name: 'Generate token' }).click();
    const reveal = page.getByRole('dialog', { name: 'Copy your new token' });
    const secret = (await reveal.getByTestId('revealed-secret').textContent())!.trim();
    await reveal.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(page.getByText('Copied · Clipboard clears in', { exact: false })).toBeVisible();
    expect(secret).toMatch(/^tdk_pt_/);
    expect(pasted(x.display)).toBe(secret);
    await shot(page, 'fallback-copied-to-x11', [reveal.getByTestId('revealed-secret')]);

    await app.close();
    expect(pasted(x.display)).toBe('');
  } finally {
    await x.stop();
  }
});
