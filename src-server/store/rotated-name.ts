import { isoOf } from './time.js';

/** Token names are at most this long (TokenName in src-shared/validation.ts). */
export const MAX_TOKEN_NAME_LENGTH = 64;

/** `YYYYMMDDHHmmss` in UTC. */
export function compactUtc(ms: number): string {
  return isoOf(ms).slice(0, 19).replace(/[-T:]/g, '');
}

/**
 * The name a rotated-out token takes: `<name>.rotated-<YYYYMMDDHHmmss>`, the base cut so the whole
 * stays within 64 characters, with `-2`, `-3`, … added when that name is taken (two rotations of one
 * name within a second). Only letters, digits, dots and dashes are added, so it stays a valid name.
 */
export async function rotatedName(
  name: string,
  at: number,
  taken: (candidate: string) => Promise<boolean>,
): Promise<string> {
  const stamp = `.rotated-${compactUtc(at)}`;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? stamp : `${stamp}-${n}`;
    const candidate = name.slice(0, MAX_TOKEN_NAME_LENGTH - suffix.length) + suffix;
    if (!(await taken(candidate))) return candidate;
  }
}
