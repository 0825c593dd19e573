#!/usr/bin/env node
/**
 * The e2e tests and the Chromium fallback of `npm start` need Debian's Chromium (Playwright cannot
 * download its own browser here), Xvfb for a headed window without a display, and xclip, through which
 * the fallback's Copy reaches the X11 clipboard (and its test reads it back). Installs them with
 * apt when run as root; otherwise says exactly what to run.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = [
  !existsSync(chromium) && 'chromium',
  !existsSync('/usr/bin/xvfb-run') && 'xvfb',
  !existsSync('/usr/bin/xclip') && 'xclip',
].filter(Boolean);
if (missing.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`Missing ${missing.join(', ')}. Install with: sudo apt-get install -y ${missing.join(' ')}`);
  console.error('(or set CHROMIUM_PATH to a Chromium or Chrome binary).');
  process.exit(1);
}
console.log(`Installing ${missing.join(', ')} with apt-get…`);
execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, {
  stdio: 'inherit',
});
