import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../errors.js';
import { Tool, toolSaid, type ToolTargetOptions } from './run-tool.js';
import type { PasswordEntry, PasswordManagerTarget, SaveOutcome } from './target.js';

/**
 * pass's entry name for a title. pass makes a folder of every '/', so the title's parts become
 * folders: each is kept to what a file name can hold, and none may climb out of the store.
 */
export function passName(title: string): string {
  return title
    .split('/')
    .map((part) => part.replace(/[\\:*?"<>|\s]+/g, '_').replace(/^\.+/, '_'))
    .filter((part) => part !== '' && part !== '_')
    .join('/');
}

/**
 * pass, the standard Unix password manager: `pass insert --multiline <name>` with the entry on
 * stdin (first line the password, as pass expects; then login, url and notes), `--force` when the
 * entry is there (after a rotate).
 */
export class PassTarget implements PasswordManagerTarget<Record<string, never>> {
  readonly kind = 'pass' as const;
  readonly #tool: Tool;

  constructor(options: ToolTargetOptions = {}) {
    this.#tool = new Tool('pass', options);
  }

  async availability(): Promise<{ available: true } | { available: false; reason: string }> {
    const version = await this.#tool.run(['version']);
    if (version === null) return { available: false, reason: 'The pass command is not installed.' };
    if (!existsSync(join(this.#store(), '.gpg-id'))) {
      return { available: false, reason: 'The pass store is not set up: run "pass init <your GPG key id>" first.' };
    }
    return { available: true };
  }

  async save(entry: PasswordEntry): Promise<SaveOutcome> {
    const name = passName(entry.title);
    const updated = existsSync(join(this.#store(), `${name}.gpg`));
    const args = ['insert', '--multiline', ...(updated ? ['--force'] : []), name];
    const details = `\nlogin: ${entry.username}\nurl: ${entry.url}\n${entry.notes}\n`;
    const result = await this.#tool.run(args, { input: [entry.secret, Buffer.from(details, 'utf8')] });
    if (result === null) throw new AppFailure('password_manager_unavailable', 'The pass command is not installed.');
    if (result.code !== 0)
      throw new AppFailure('password_manager_failed', `pass could not save the entry: ${toolSaid(result)}`);
    return { kind: this.kind, entryTitle: name, updated };
  }

  #store(): string {
    const env = this.#tool.env;
    return env.PASSWORD_STORE_DIR ?? join(env.HOME ?? homedir(), '.password-store');
  }
}
