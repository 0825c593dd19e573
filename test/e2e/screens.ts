import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';

const SHOTS = 'test-results/screens';

/** A screenshot of the screen as it is, to look at after the run; a secret on screen goes in `mask`. */
export async function shot(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), mask });
}
