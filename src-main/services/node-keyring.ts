import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Keyring, KeyringInfo } from './keyring.js';

export interface NodeKeyringOptions {
  /** A directory of its own, standing in for the OS keychain (not the app's data folder). */
  dir: string;
  /** Pose as Linux `basic_text` (secure: false) so the insecure-keychain path can be exercised. */
  posesAsBasicText?: boolean;
  /** Pose as a machine with no keychain at all (available: false). */
  unavailable?: boolean;
}

const MASTER_KEY_FILE = 'master.key';
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A stand-in for the OS keychain in plain Node: AES-256-GCM under a random master key kept in a 0600
 * file. Deleting that file is how a test simulates a reset keychain.
 */
export class NodeKeyring implements Keyring {
  readonly #options: NodeKeyringOptions;
  #masterKey: Promise<Buffer> | undefined;

  constructor(options: NodeKeyringOptions) {
    this.#options = options;
  }

  info(): Promise<KeyringInfo> {
    if (this.#options.unavailable) return Promise.resolve({ backend: 'none', secure: false, available: false });
    if (this.#options.posesAsBasicText)
      return Promise.resolve({ backend: 'basic_text', secure: false, available: true });
    return Promise.resolve({ backend: 'node_file', secure: true, available: true });
  }

  async encrypt(plain: string): Promise<Buffer> {
    const key = await this.#key();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT), iv, cipher.getAuthTag(), data]);
  }

  async decrypt(data: Buffer): Promise<string> {
    const key = await this.#key();
    if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== FORMAT) {
      throw new Error('Not data this keychain encrypted.');
    }
    const iv = data.subarray(1, 1 + IV_BYTES);
    const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  #key(): Promise<Buffer> {
    if (this.#options.unavailable) return Promise.reject(new Error('No keychain is available.'));
    this.#masterKey ??= this.#loadOrCreate();
    return this.#masterKey;
  }

  async #loadOrCreate(): Promise<Buffer> {
    const file = join(this.#options.dir, MASTER_KEY_FILE);
    try {
      const existing = await readFile(file);
      if (existing.length === 32) return existing;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(this.#options.dir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    // Temp file + rename, so a crash never leaves a half-written key behind.
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, key, { mode: 0o600 });
    await rename(temp, file);
    return key;
  }
}
