import { AppFailure } from '../errors.js';
import { jsonWithSecret, Tool, toolSaid, type ToolTargetOptions } from './run-tool.js';
import type { PasswordEntry, PasswordManagerTarget, SaveOutcome } from './target.js';

const PLACEHOLDER = '\u0000tokendesk-secret\u0000';

/**
 * The 1Password CLI (`op` 2), as its documentation has it: sensitive values go in an item JSON
 * template, never in assignment arguments (those show in `ps` and shell history). `op whoami` checks
 * the sign-in (the 1Password app's CLI integration, or OP_SESSION_* / OP_SERVICE_ACCOUNT_TOKEN in the
 * environment); the template is piped on stdin to `op item create`, or to `op item edit <id>` when an
 * item with the same title is there.
 */
export class OnePasswordTarget implements PasswordManagerTarget<Record<string, never>> {
  readonly kind = '1password' as const;
  readonly #tool: Tool;

  constructor(options: ToolTargetOptions = {}) {
    this.#tool = new Tool('op', options);
  }

  async availability(): Promise<{ available: true } | { available: false; reason: string }> {
    const version = await this.#tool.run(['--version']);
    return version === null
      ? { available: false, reason: 'The 1Password CLI (op) is not installed or not on PATH.' }
      : { available: true };
  }

  async save(entry: PasswordEntry): Promise<SaveOutcome> {
    const whoami = await this.#call(['whoami', '--format', 'json']);
    if (whoami.code !== 0) {
      throw new AppFailure(
        'password_manager_locked',
        'Sign in to the 1Password CLI first: turn on "Integrate with 1Password CLI" in the 1Password app, or run "op signin".',
      );
    }
    const found = await this.#call(['item', 'get', entry.title, '--format', 'json']);
    const existing = found.code === 0 ? (JSON.parse(found.stdout) as { id: string }) : null;
    const template = {
      title: entry.title,
      category: 'LOGIN',
      urls: [{ href: entry.url, primary: true }],
      fields: [
        { id: 'username', type: 'STRING', purpose: 'USERNAME', label: 'username', value: entry.username },
        { id: 'password', type: 'CONCEALED', purpose: 'PASSWORD', label: 'password', value: PLACEHOLDER },
        { id: 'notesPlain', type: 'STRING', purpose: 'NOTES', label: 'notesPlain', value: entry.notes },
      ],
    };
    const json = jsonWithSecret(template, PLACEHOLDER, entry.secret);
    const args = existing ? ['item', 'edit', existing.id, '--format', 'json'] : ['item', 'create', '--format', 'json'];
    try {
      const result = await this.#call(args, [json]);
      if (result.code !== 0)
        throw new AppFailure('password_manager_failed', `1Password could not save the entry: ${toolSaid(result)}`);
    } finally {
      json.fill(0);
    }
    return { kind: this.kind, entryTitle: entry.title, updated: existing !== null };
  }

  async #call(args: string[], input?: Buffer[]) {
    const result = await this.#tool.run(args, { input });
    if (result === null)
      throw new AppFailure('password_manager_unavailable', 'The 1Password CLI (op) is not installed.');
    return result;
  }
}
