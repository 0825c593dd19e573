import { AppFailure } from '../errors.js';
import { base64Bytes, jsonWithSecret, Tool, toolSaid, type ToolTargetOptions } from './run-tool.js';
import type { PasswordEntry, PasswordManagerTarget, SaveOutcome } from './target.js';

export interface BitwardenOptions {
  /** Unlocks a locked vault for this save only; never stored. The caller zero-fills it. */
  masterPassword?: Buffer;
}

const PLACEHOLDER = '\u0000tokendesk-secret\u0000';
/** The environment variable `bw unlock --passwordenv` reads the master password from. */
const PASSWORD_ENV = 'TOKENDESK_BW_PASSWORD';

interface BwItem {
  id: string;
  name: string;
  login?: { username?: string; password?: string; uris?: { uri: string; match: null }[] };
  [key: string]: unknown;
}

/**
 * The Bitwarden CLI (`bw`), as its documentation has it: `bw status` says whether the vault is
 * unlocked; a locked one is unlocked with `bw unlock --raw --passwordenv`, whose session key goes to
 * the following commands in `BW_SESSION`; the item is JSON, base64-encoded and piped on stdin to
 * `bw create item` (or `bw edit item <id>` when an item with the same name is there).
 */
export class BitwardenTarget implements PasswordManagerTarget<BitwardenOptions> {
  readonly kind = 'bitwarden' as const;
  readonly #tool: Tool;

  constructor(options: ToolTargetOptions = {}) {
    this.#tool = new Tool('bw', options);
  }

  async availability(): Promise<{ available: true } | { available: false; reason: string }> {
    const version = await this.#tool.run(['--version']);
    return version === null
      ? { available: false, reason: 'The Bitwarden CLI (bw) is not installed or not on PATH.' }
      : { available: true };
  }

  async save(entry: PasswordEntry, options: BitwardenOptions): Promise<SaveOutcome> {
    const env = await this.#session(options.masterPassword);
    const found = await this.#json<BwItem[]>(['list', 'items', '--search', entry.title], env);
    const existing = found.find((item) => item.name === entry.title);
    const login = { username: entry.username, password: PLACEHOLDER, uris: [{ uri: entry.url, match: null }] };
    const item = existing
      ? { ...existing, notes: entry.notes, login: { ...existing.login, ...login } }
      : {
          type: 1,
          name: entry.title,
          notes: entry.notes,
          favorite: false,
          fields: [],
          login,
          folderId: null,
          organizationId: null,
          reprompt: 0,
        };
    const encoded = base64Bytes(jsonWithSecret(item, PLACEHOLDER, entry.secret));
    const args = existing ? ['edit', 'item', existing.id] : ['create', 'item'];
    try {
      await this.#run(args, env, [encoded]);
    } finally {
      encoded.fill(0);
    }
    return { kind: this.kind, entryTitle: entry.title, updated: existing !== undefined };
  }

  /** The environment with a session: the one the user has, or one from unlocking with the master password. */
  async #session(masterPassword: Buffer | undefined): Promise<NodeJS.ProcessEnv> {
    const status = await this.#json<{ status: string }>(['status'], this.#tool.env);
    if (status.status === 'unauthenticated') {
      throw new AppFailure('password_manager_locked', 'Log in to Bitwarden first: run "bw login" in a terminal.');
    }
    if (status.status === 'unlocked') return this.#tool.env;
    if (!masterPassword) {
      throw new AppFailure(
        'password_manager_locked',
        'Bitwarden is locked. Enter your Bitwarden master password to unlock it for this save.',
      );
    }
    // The master password (not the token) goes in the unlock command's own environment, which only
    // this user can read, as bw documents; never in its arguments.
    const unlock = await this.#tool.run(['unlock', '--raw', '--passwordenv', PASSWORD_ENV], {
      env: { ...this.#tool.env, [PASSWORD_ENV]: masterPassword.toString('utf8') },
    });
    if (unlock === null)
      throw new AppFailure('password_manager_unavailable', 'The Bitwarden CLI (bw) is not installed.');
    if (unlock.code !== 0 || unlock.stdout.trim() === '') {
      throw new AppFailure('wrong_master_password', 'That master password does not unlock Bitwarden.');
    }
    return { ...this.#tool.env, BW_SESSION: unlock.stdout.trim() };
  }

  async #json<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
    const out = await this.#run(args, env);
    try {
      return JSON.parse(out) as T;
    } catch {
      throw new AppFailure('password_manager_failed', `bw ${args[0]} did not answer in JSON.`);
    }
  }

  async #run(args: string[], env: NodeJS.ProcessEnv, input?: Buffer[]): Promise<string> {
    const result = await this.#tool.run(args, { env, input });
    if (result === null)
      throw new AppFailure('password_manager_unavailable', 'The Bitwarden CLI (bw) is not installed.');
    if (result.code !== 0)
      throw new AppFailure('password_manager_failed', `Bitwarden could not save the entry: ${toolSaid(result)}`);
    return result.stdout;
  }
}
