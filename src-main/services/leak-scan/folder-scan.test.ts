import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateToken } from '../../../src-shared/token-format.js';
import { tempDir } from '../test-support/temp-dir.js';
import { MAX_FINDINGS, scanFolder, uniqueDigests, type ScanProgress, type ScanReport } from './folder-scan.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The same token with its last character changed: the right shape, the wrong checksum. */
const withBadChecksum = (token: string): string => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

const hintOf = (token: string): string => `${token.slice(0, 7)}…${token.slice(-4)}`;

// chmod cannot stop root from reading, and test containers often run as root (CI does). What the
// skipped test guards, a file or folder that cannot be read counting as `unreadable` without failing
// the scan, is run as root too by the test above (a file and a folder gone mid-scan, the same path).
const RUNS_AS_ROOT = process.getuid?.() === 0;

describe('scanFolder', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  beforeEach(() => {
    dir = tempDir('leak-scan');
    root = join(dir.path, 'root');
    mkdirSync(root);
  });
  afterEach(() => dir.cleanup());

  /** Writes a file under the root, making its folders. */
  const put = (path: string, content: string | Buffer): void => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };

  describe('a folder with tokens of every kind', () => {
    const t = {
      config: generateToken('serviceAccount'),
      keep: generateToken('personal'),
      pairA: generateToken('serviceAccount'),
      pairB: generateToken('personal'),
      quoted: generateToken('serviceAccount'),
      bad: withBadChecksum(generateToken('serviceAccount')),
      embedded: generateToken('serviceAccount'),
      ignoredByRoot: generateToken('serviceAccount'),
      ignoredNested: generateToken('serviceAccount'),
      ignoredFolder: generateToken('serviceAccount'),
      ignoredDeeper: generateToken('serviceAccount'),
      ignoredByRootBelow: generateToken('serviceAccount'),
      binary: generateToken('serviceAccount'),
      huge: generateToken('serviceAccount'),
      git: generateToken('serviceAccount'),
      outside: generateToken('serviceAccount'),
    };
    let report: ScanReport;
    let progress: ScanProgress[];

    beforeEach(async () => {
      put('.gitignore', 'ignored.log\n*.tmp\n');
      put('app/config.env', `# settings\nNAME=demo\n  API_KEY=${t.config} # rotate monthly\n`);
      put('bad.txt', `key=${t.bad}\n`);
      put('pair.txt', `a=${t.pairA} b=${t.pairB}\n`);
      put('quoted.json', `{"token":"${t.quoted}"}\n`);
      // Inside longer identifiers: not tokens, and not counted as bad ones either.
      const e = t.embedded;
      put('embedded.txt', [`x${e}`, `${e}y`, `_${e}`, `${e}_`, `${e}Z`, `9${e}9`].join('\n'));
      put('ignored.log', t.ignoredByRoot);
      put('nested/.gitignore', '*.txt\n!keep.txt\nbuild/\n');
      put('nested/drop.txt', t.ignoredNested);
      put('nested/keep.txt', `\n${t.keep}`);
      put('nested/build/out.md', t.ignoredFolder);
      put('nested/deeper/notes.txt', t.ignoredDeeper);
      put('nested/cache.tmp', t.ignoredByRootBelow);
      put('image.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]), Buffer.from(t.binary)]));
      put('huge.txt', `${t.huge}\n${'x'.repeat(1024 * 1024)}`);
      put('.git/config', `[remote]\n\ttoken = ${t.git}\n`);
      put('vendor/lib/.git/HEAD', t.git);
      // A folder outside the root, reachable only through a symlink, and a symlink to a file inside.
      mkdirSync(join(dir.path, 'outside'));
      writeFileSync(join(dir.path, 'outside', 'secret.txt'), t.outside);
      symlinkSync(join(dir.path, 'outside'), join(root, 'link-out'));
      symlinkSync(join(root, 'app', 'config.env'), join(root, 'link.env'));

      progress = [];
      report = await scanFolder(root, { onProgress: (p) => progress.push(p) });
    });

    it('finds each valid token where it is, with kind, hint and digest', () => {
      const finding = (file: string, line: number, column: number, token: string) => ({
        file,
        line,
        column,
        kind: token.startsWith('tdk_pt_') ? 'personal' : 'serviceAccount',
        hint: hintOf(token),
        digest: sha256(token),
      });
      expect(report.findings).toEqual([
        // "  API_KEY=" is 10 characters: the token starts in column 11 of line 3.
        finding('app/config.env', 3, 11, t.config),
        // Re-included by `!keep.txt` under the nested `*.txt`.
        finding('nested/keep.txt', 2, 1, t.keep),
        // Two on one line: "a=" + 43 + " b=".
        finding('pair.txt', 1, 3, t.pairA),
        finding('pair.txt', 1, 49, t.pairB),
        finding('quoted.json', 1, 11, t.quoted),
      ]);
    });

    it('counts the bad checksum, the binary file and the large one, and scans the rest', () => {
      expect(report.badChecksum).toBe(1);
      expect(report.skipped).toEqual({ binary: 1, tooLarge: 1, unreadable: 0 });
      // .gitignore, app/config.env, bad.txt, embedded.txt, nested/.gitignore, nested/keep.txt,
      // pair.txt, quoted.json.
      expect(report.filesScanned).toBe(8);
      expect(report).toMatchObject({ root, cancelled: false, truncated: false });
    });

    it('the digest is the SHA-256 of the exact token, in lower-case hex', () => {
      const digest = report.findings.find((f) => f.file === 'app/config.env')?.digest;
      expect(digest).toBe(createHash('sha256').update(t.config, 'utf8').digest('hex'));
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
    });

    it('nothing ignored, under .git, binary, too large or behind a symlink is reported', () => {
      const digests = new Set(report.findings.map((f) => f.digest));
      const notFound = [
        t.embedded,
        t.ignoredByRoot,
        t.ignoredNested,
        t.ignoredFolder,
        t.ignoredDeeper,
        t.ignoredByRootBelow,
        t.binary,
        t.huge,
        t.git,
        t.outside,
      ];
      for (const token of notFound) expect(digests.has(sha256(token))).toBe(false);
      expect(report.findings.map((f) => f.file)).not.toContain('link.env');
    });

    it('holds no secret: not in the report, not in any progress report', () => {
      const text = JSON.stringify({ report, progress });
      for (const token of Object.values(t)) {
        expect(text).not.toContain(token);
        // Not even the random part, which the hint leaves out.
        expect(text).not.toContain(token.slice(7, 37));
      }
    });

    it('reports progress at the end with the final counts and no current file', () => {
      expect(progress.at(-1)).toEqual({
        filesScanned: 8,
        filesSkipped: 2,
        bytesScanned: expect.any(Number) as number,
        currentFile: null,
      });
      expect(progress.at(-1)!.bytesScanned).toBeGreaterThan(0);
    });
  });

  it('the same token in several places is several findings and one digest', async () => {
    const token = generateToken('serviceAccount');
    const other = generateToken('personal');
    put('a.txt', `${token}\n${token}\n`);
    put('b/c.txt', `${other} ${token}`);
    const report = await scanFolder(root);
    expect(report.findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ['a.txt', 1, 1],
      ['a.txt', 2, 1],
      ['b/c.txt', 1, 1],
      ['b/c.txt', 1, 45],
    ]);
    expect(uniqueDigests(report.findings)).toEqual([sha256(token), sha256(other)]);
  });

  it('maxFileBytes is the largest size still read', async () => {
    const token = generateToken('serviceAccount');
    put('fits.txt', token.padEnd(100, ' '));
    put('over.txt', token.padEnd(101, ' '));
    const report = await scanFolder(root, { maxFileBytes: 100 });
    expect(report.findings.map((f) => f.file)).toEqual(['fits.txt']);
    expect(report.skipped.tooLarge).toBe(1);
  });

  it(`stops at ${MAX_FINDINGS} findings and says the report is truncated`, async () => {
    const token = generateToken('serviceAccount');
    put('a.txt', `${token}\n`.repeat(MAX_FINDINGS + 1));
    put('b.txt', token);
    const report = await scanFolder(root);
    expect(report.findings).toHaveLength(MAX_FINDINGS);
    expect(report.truncated).toBe(true);
    expect(report.findings.at(-1)).toMatchObject({ file: 'a.txt', line: MAX_FINDINGS });
    expect(report.filesScanned).toBe(1);
  });

  describe('cancel', () => {
    it('an abort at the first progress report resolves with what was found so far', async () => {
      const files = 600;
      for (let i = 0; i < files; i++) put(`f${String(i).padStart(4, '0')}.txt`, generateToken('serviceAccount'));
      const controller = new AbortController();
      const progress: ScanProgress[] = [];
      const report = await scanFolder(root, {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p);
          controller.abort();
        },
      });
      expect(report.cancelled).toBe(true);
      expect(report.filesScanned).toBeGreaterThan(0);
      expect(report.filesScanned).toBeLessThan(files);
      // The file at which it was aborted is the last one scanned.
      expect(report.filesScanned).toBe(progress[0]!.filesScanned);
      expect(report.findings).toHaveLength(report.filesScanned);
      // The first report, then the last one.
      expect(progress).toHaveLength(2);
      expect(progress[1]!.currentFile).toBeNull();
    });

    it('an abort that lands while a file is being opened or read still resolves, cancelled', async () => {
      for (let i = 0; i < 500; i++) put(`f${String(i).padStart(4, '0')}.txt`, 'nothing here\n'.repeat(200));
      // From another task, at whatever await the scan is in; most of its time is spent in reads.
      for (const delayMs of [0, 1, 2, 3, 5, 8]) {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), delayMs);
        const report = await scanFolder(root, { signal: controller.signal });
        expect(report.cancelled).toBe(true);
        expect(report.filesScanned).toBeLessThan(500);
      }
    });

    it('a signal aborted before the start scans nothing', async () => {
      put('a.txt', generateToken('serviceAccount'));
      const report = await scanFolder(root, { signal: AbortSignal.abort() });
      expect(report).toMatchObject({ cancelled: true, filesScanned: 0, findings: [] });
    });
  });

  describe('what cannot be read', () => {
    it('a file or folder gone since its folder was listed is unreadable, and the scan goes on', async () => {
      // Enough files before them that a progress report comes first (progress.ts), when they are removed.
      for (let i = 0; i < 300; i++) put(`a${String(i).padStart(4, '0')}.txt`, '');
      put('zz-folder/x.txt', generateToken('serviceAccount'));
      put('zz-file.txt', generateToken('serviceAccount'));
      const token = generateToken('personal');
      put('zzz-last.txt', token);
      let removed = false;
      const report = await scanFolder(root, {
        onProgress: () => {
          if (removed) return;
          removed = true;
          rmSync(join(root, 'zz-folder'), { recursive: true });
          rmSync(join(root, 'zz-file.txt'));
        },
      });
      expect(report.skipped.unreadable).toBe(2);
      expect(report.filesScanned).toBe(301);
      expect(report.findings.map((f) => f.digest)).toEqual([sha256(token)]);
    });

    it.skipIf(RUNS_AS_ROOT)(
      `a file or folder without read permission is unreadable${RUNS_AS_ROOT ? ' — skipped: running as root, which chmod 000 does not stop from reading' : ''}`,
      async () => {
        put('locked.txt', generateToken('serviceAccount'));
        put('locked-folder/x.txt', generateToken('serviceAccount'));
        const token = generateToken('serviceAccount');
        put('open.txt', token);
        chmodSync(join(root, 'locked.txt'), 0o000);
        chmodSync(join(root, 'locked-folder'), 0o000);
        try {
          const report = await scanFolder(root);
          expect(report.skipped.unreadable).toBe(2);
          expect(report.findings.map((f) => f.digest)).toEqual([sha256(token)]);
        } finally {
          chmodSync(join(root, 'locked-folder'), 0o700);
        }
      },
    );

    it('a root that does not exist is refused in plain words', async () => {
      await expect(scanFolder(join(root, 'missing'))).rejects.toMatchObject({
        code: 'not_found',
        message: 'That folder does not exist.',
      });
    });

    it('a root that is a file is refused in plain words', async () => {
      put('file.txt', 'hello');
      await expect(scanFolder(join(root, 'file.txt'))).rejects.toMatchObject({
        code: 'invalid_request',
        message: 'That is a file, not a folder.',
      });
    });
  });
});
