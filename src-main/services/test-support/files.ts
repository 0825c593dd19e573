import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a folder, at any depth, as paths. Throws when the folder does not exist. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
