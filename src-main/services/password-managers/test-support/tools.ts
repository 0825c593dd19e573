import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { filesUnder } from '../../test-support/files.js';

/**
 * Whether a Debian tool the tests need is here. Missing in CI is a failure (.ci/run installs it);
 * missing on a developer's machine skips the tests that need it, and says so once.
 */
export function hasTool(command: string, args: string[], apt: string): boolean {
  if (spawnSync(command, args).status === 0) return true;
  if (process.env.CI === 'true') {
    it(`has ${command} to check against`, () => {
      throw new Error(`${command} is not installed, and CI=true: CI must run these tests (apt-get install -y ${apt})`);
    });
  } else {
    console.warn(`Skipping the ${command} tests: ${command} is not installed (apt-get install -y ${apt}).`);
  }
  return false;
}

/** Files under the folders that hold the secret's bytes, plain or base64; paths left out are the target's own store. */
export function filesHolding(secret: string, dirs: string[], except: (path: string) => boolean): string[] {
  const needles = [Buffer.from(secret), Buffer.from(Buffer.from(secret).toString('base64'))];
  return dirs
    .flatMap((dir) => filesUnder(dir))
    .filter((path) => !except(path))
    .filter((path) => {
      const bytes = readFileSync(path);
      return needles.some((needle) => bytes.includes(needle));
    });
}
