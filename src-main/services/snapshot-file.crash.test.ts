import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCacheStores } from './cache-files.js';
import { accountsForVersion, journalStore } from './test-support/crash-writer.js';
import { tempDir } from './test-support/temp-dir.js';

const WRITER = fileURLToPath(new URL('./test-support/crash-writer.ts', import.meta.url));
const KILLS = 24;

/**
 * Starts the writer, waits for its first line, kills it after a random delay; returns what it said it
 * saved, and whether a compaction was running when it was killed (journal mode).
 */
function runAndKill(
  dir: string,
  keyHex: string,
  start: number,
  mode: 'whole' | 'journal' = 'whole',
): Promise<{ saved: number[]; killed: boolean; compacting: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, keyHex, String(start), mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const saved: number[] = [];
    let compacting = false;
    let buffer = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('saved ')) saved.push(Number(line.slice(6)));
        if (line === 'compacting' || line === 'compacted') compacting = line === 'compacting';
        if (!armed && (line === 'ready' || line.startsWith('saved '))) {
          armed = true;
          // Anywhere from before the first save to several saves in; for the journal, long enough
          // for worker compactions to start, run and finish (one takes a few hundred milliseconds).
          setTimeout(() => child.kill('SIGKILL'), Math.random() * (mode === 'journal' ? 1_500 : 120));
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ saved, killed: signal === 'SIGKILL', compacting }));
  });
}

describe('snapshot writes survive SIGKILL at any moment', () => {
  let dir: { path: string; cleanup: () => void };
  beforeAll(() => {
    dir = tempDir('crash');
  });
  afterAll(() => dir.cleanup());

  it(`after each of ${KILLS} kills the file is a complete old or new snapshot`, { timeout: 180_000 }, async () => {
    const key = randomBytes(32);
    const open = () => openCacheStores({ dir: dir.path, key, persistent: true }).snapshot('crash');
    let lastGood: number | null = null;
    let killedMidRun = 0;
    for (let round = 0; round < KILLS; round++) {
      const start = (round + 1) * 100_000;
      const { saved, killed } = await runAndKill(dir.path, key.toString('hex'), start);
      if (killed) killedMidRun += 1;
      const loaded = open().load();
      expect(loaded.setAside, `round ${round}`).toBe(false);
      const last = saved.at(-1);
      // Allowed: the last confirmed save, the one in flight when killed, or (nothing confirmed) the previous state.
      const allowed = new Set<number | null>(last === undefined ? [lastGood, start] : [last, last + 1]);
      const version = loaded.value ? Number(loaded.value.syncCursor) : null;
      expect(allowed.has(version), `round ${round}: loaded ${version}, saved ${saved.join(',')}`).toBe(true);
      if (loaded.value) {
        expect(loaded.value.accounts).toHaveLength(accountsForVersion(version!));
        // The tokens part is the same write's: it matches the head's accounts (checked when read).
        expect(loaded.value.tokens.entries().size).toBe(accountsForVersion(version!));
      }
      lastGood = version;
      // The reader removed the writer's leftovers.
      expect(readdirSync(dir.path).filter((n) => n.includes('.tmp-'))).toEqual([]);
    }
    expect(lastGood).not.toBeNull();
    expect(killedMidRun).toBeGreaterThanOrEqual(KILLS - 2);
  });

  it(
    `journal: after each of ${KILLS} kills mid-edit (appends, and edits during worker compactions) the cache loses at most the edit being written`,
    { timeout: 180_000 },
    async () => {
      const journalDir = tempDir('crash-journal');
      try {
        const key = randomBytes(32);
        let lastGood: number | null = null;
        let killedMidRun = 0;
        let killedCompacting = 0;
        let editsSeen = 0;
        let baseWritten = false;
        for (let round = 0; round < KILLS; round++) {
          const start = (round + 1) * 100_000;
          const { saved, killed, compacting } = await runAndKill(
            journalDir.path,
            key.toString('hex'),
            start,
            'journal',
          );
          if (killed) killedMidRun += 1;
          if (killed && compacting) killedCompacting += 1;
          editsSeen += saved.length;
          const loaded = journalStore(journalDir.path, key).load();
          expect(loaded.setAside, `round ${round}`).toBe(false);
          if (loaded.value === null) {
            // Killed before the very first base was in place: nothing was there to lose.
            expect(baseWritten, `round ${round}`).toBe(false);
            continue;
          }
          baseWritten = true;
          const description = loaded.value.accounts[1]!.description;
          const version = description.startsWith('v') ? Number(description.slice(1)) : null;
          const last = saved.at(-1);
          // The last confirmed edit, or the one in flight; nothing confirmed: the state before this round.
          const allowed = new Set<number | null>(last === undefined ? [lastGood, start] : [last, last + 1]);
          expect(allowed.has(version), `round ${round}: loaded ${description}, saved up to ${last}`).toBe(true);
          expect(loaded.value.accounts).toHaveLength(50);
          expect(loaded.value.tokens.entries().size).toBe(50);
          lastGood = version;
          expect(
            readdirSync(journalDir.path).filter(
              (n) => n.includes('.tmp-') || n.includes('.corrupt-') || n.endsWith('.next'),
            ),
          ).toEqual([]);
        }
        expect(killedMidRun).toBeGreaterThanOrEqual(KILLS - 2);
        // Enough edits that kills landed in appends, and in appends while a worker compaction ran.
        expect(editsSeen).toBeGreaterThan(KILLS * 5);
        expect(killedCompacting).toBeGreaterThanOrEqual(3);
      } finally {
        journalDir.cleanup();
      }
    },
  );
});
