import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { onPath, startXvfb } from '../../src-main/services/test-support/xvfb.js';
import { launchApp } from '../harness/harness.js';
import { systemClipboard } from '../harness/system-clipboard.js';
import { expect, test } from './fixtures.js';
import { shot } from './screens.js';

/** What a paste on that display would give now, read by xclip outside the app. */
function pasted(display: string): string {
  try {
    return execFileSync('xclip', ['-selection', 'clipboard', '-o'], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
      timeout: 5000,
    });
  } catch {
    return '';
  }
}

test.skip(!onPath('xclip') || !onPath('Xvfb'), 'needs xclip and Xvfb (apt-get install xclip xvfb)');

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
