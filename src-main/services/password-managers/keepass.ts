import { existsSync, readFileSync, statSync } from 'node:fs';
import { argon2d, argon2id } from 'hash-wasm';
import kdbxweb from 'kdbxweb';
import { writeFileAtomic } from '../atomic-file.js';
import { AppFailure } from '../errors.js';
import type { PasswordEntry, PasswordManagerTarget, SaveOutcome } from './target.js';

export interface KeepassOptions {
  file: string;
  /** A group path under the root group, '/' between levels; made when missing. */
  group: string;
  /** Asked each time and never stored; the caller zero-fills it. */
  masterPassword: Buffer;
  createIfMissing?: boolean;
}

// KDBX 4 derives its key with Argon2; kdbxweb leaves the implementation to the app.
kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
  if (version !== 0x13) throw new Error('This KeePass database uses an Argon2 version TokenDesk cannot open.');
  const hash = type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? argon2id : argon2d;
  const out = await hash({
    password: new Uint8Array(password),
    salt: new Uint8Array(salt),
    memorySize: memory,
    iterations,
    hashLength: length,
    parallelism,
    outputType: 'binary',
  });
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
});

type Group = kdbxweb.KdbxGroup;
type Entry = kdbxweb.KdbxEntry;

/** kdbxweb XORs the bytes it is given in place, so it gets a copy: the caller's buffer stays the caller's. */
const protectedCopy = (bytes: Buffer) => kdbxweb.ProtectedValue.fromBinary(new Uint8Array(bytes).buffer);

const text = (value: kdbxweb.KdbxEntryField | undefined): string =>
  value === undefined ? '' : typeof value === 'string' ? value : value.getText();

/**
 * A KeePass database (.kdbx, KDBX 4), read and written with kdbxweb. The entry goes into the chosen
 * group, replacing one with the same title (its old values kept in the entry's history, as KeePass
 * does). The file is written whole and atomically: a temporary file beside it, then a rename.
 */
export class KeepassTarget implements PasswordManagerTarget<KeepassOptions> {
  readonly kind = 'keepass' as const;

  availability(): Promise<{ available: true }> {
    return Promise.resolve({ available: true });
  }

  async save(entry: PasswordEntry, options: KeepassOptions): Promise<SaveOutcome> {
    const credentials = new kdbxweb.KdbxCredentials(protectedCopy(options.masterPassword));
    const db = await this.#open(options, credentials);
    const group = findOrMakeGroup(db, options.group);
    const existing = group.entries.find((e) => text(e.fields.get('Title')) === entry.title);
    const target: Entry = existing ?? db.createEntry(group);
    if (existing) existing.pushHistory();
    target.fields.set('Title', entry.title);
    target.fields.set('UserName', entry.username);
    target.fields.set('Password', protectedCopy(entry.secret));
    target.fields.set('URL', entry.url);
    target.fields.set('Notes', entry.notes);
    target.times.update();
    const bytes = Buffer.from(await db.save());
    const mode = existsSync(options.file) ? statSync(options.file).mode & 0o777 : 0o600;
    writeFileAtomic(options.file, bytes, mode);
    return { kind: this.kind, entryTitle: entry.title, updated: existing !== undefined };
  }

  async #open(options: KeepassOptions, credentials: kdbxweb.KdbxCredentials): Promise<kdbxweb.Kdbx> {
    if (!existsSync(options.file)) {
      if (!options.createIfMissing) {
        throw new AppFailure(
          'password_manager_failed',
          `There is no KeePass database at ${options.file}. Choose another file, or tick "Create the database".`,
        );
      }
      const db = kdbxweb.Kdbx.create(credentials, 'TokenDesk');
      db.upgrade();
      db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
      return db;
    }
    const data = readFileSync(options.file);
    try {
      return await kdbxweb.Kdbx.load(
        data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
        credentials,
      );
    } catch (error) {
      if (error instanceof kdbxweb.KdbxError && error.code === kdbxweb.Consts.ErrorCodes.InvalidKey) {
        throw new AppFailure('wrong_master_password', 'That master password does not open this KeePass database.');
      }
      if (error instanceof kdbxweb.KdbxError) {
        throw new AppFailure(
          'password_manager_failed',
          `${options.file} is not a KeePass database TokenDesk can open (${error.code}).`,
        );
      }
      throw error;
    }
  }
}

function findOrMakeGroup(db: kdbxweb.Kdbx, path: string): Group {
  let group = db.getDefaultGroup();
  for (const name of path
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean)) {
    group = group.groups.find((g) => g.name === name) ?? db.createGroup(group, name);
  }
  return group;
}
