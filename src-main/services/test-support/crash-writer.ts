/**
 * Child process for the crash test: writes snapshots of different versions and sizes in a loop,
 * printing `saved <version>` after each completed save. The parent SIGKILLs it at random moments.
 * Stops by itself after a few seconds so a test that fails to kill it leaves nothing running.
 */
import { openCacheStores } from '../cache-files.js';
import { makeSnapshot } from './snapshots.js';

export const accountsForVersion = (version: number): number => 200 + (version % 7) * 60;

const [dir, keyHex, startText] = process.argv.slice(2);
if (dir && keyHex && startText) {
  const store = openCacheStores({ dir, key: Buffer.from(keyHex, 'hex'), persistent: true }).snapshot('crash');
  store.load();
  const deadline = Date.now() + 5_000;
  process.stdout.write('ready\n');
  for (let version = Number(startText); Date.now() < deadline; version++) {
    store.save(makeSnapshot('crash', accountsForVersion(version), 3, String(version)));
    process.stdout.write(`saved ${version}\n`);
  }
}
