import { execFileSync } from 'node:child_process';

/** Set it to run the property tests with a given seed (a failure prints the seed it ran with). */
export const PROPERTY_SEED_ENV = 'TOKENDESK_PROPERTY_SEED';

/**
 * The fast-check seed of this run: from the environment when set, otherwise from the commit, so each
 * commit draws its own inputs (over time the property tests see many) while a run of the same commit
 * draws the same ones again, so a failure is never a matter of luck and can always be replayed.
 */
export function propertySeed(): { seed: number; source: string } {
  const fromEnv = process.env[PROPERTY_SEED_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isSafeInteger(seed)) throw new Error(`${PROPERTY_SEED_ENV} must be a whole number, not "${fromEnv}".`);
    return { seed: seed | 0, source: `from ${PROPERTY_SEED_ENV}` };
  }
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return { seed: Number.parseInt(head.slice(0, 8), 16) | 0, source: `from commit ${head.slice(0, 12)}` };
  } catch {
    return { seed: 0, source: 'no git commit to take it from, so a fixed one' };
  }
}

/** How to run the property tests again exactly as this run did. */
export function replayHint(seed: number): string {
  return `${PROPERTY_SEED_ENV}=${seed} npx vitest run <file>`;
}
