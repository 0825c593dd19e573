import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';

const SHOTS = 'test-results/screens';

/** A screenshot of the screen as it is, to look at after the run; a secret on screen goes in `mask`. */
export async function shot(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), mask });
}

/** A screenshot of one element (a dialog over a reveal, say), so nothing behind it shows or needs masking. */
export async function shotOf(locator: Locator, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await locator.screenshot({ path: join(SHOTS, `${name}.png`) });
}
