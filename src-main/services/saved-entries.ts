import { z } from 'zod';
import { SavedEntry } from '../../src-shared/ipc/password-managers.js';
import type { CacheStore } from './cache-store.js';

const SavedFile = z.object({ version: z.literal(1), entries: z.array(SavedEntry) });
export type SavedFile = z.infer<typeof SavedFile>;

/** A saved-entries file's plaintext to its value; throws when it is not what this app writes. */
export function parseSavedFile(text: string): SavedFile {
  return SavedFile.parse(JSON.parse(text));
}

/**
 * Where each token's secret was saved (Save to…): the password manager and the entry's title, never
 * the secret. One small encrypted file per connection beside its cache, since entry titles name the
 * server, the account and the token. One write per save.
 */
export class SavedEntries {
  readonly #open: (connectionId: string) => CacheStore<SavedFile>;
  readonly #held = new Map<string, { store: CacheStore<SavedFile>; entries: SavedEntry[] }>();

  constructor(open: (connectionId: string) => CacheStore<SavedFile>) {
    this.#open = open;
  }

  list(connectionId: string): SavedEntry[] {
    return [...this.#load(connectionId).entries];
  }

  find(connectionId: string, accountId: string | null, tokenName: string): SavedEntry | null {
    return this.#load(connectionId).entries.find((e) => e.accountId === accountId && e.tokenName === tokenName) ?? null;
  }

  /** Records a save; a token saved again (after a rotate, or elsewhere) keeps its latest place only. */
  record(connectionId: string, entry: SavedEntry): void {
    const held = this.#load(connectionId);
    held.entries = [
      ...held.entries.filter((e) => !(e.accountId === entry.accountId && e.tokenName === entry.tokenName)),
      entry,
    ];
    held.store.save({ version: 1, entries: held.entries });
  }

  forget(connectionId: string): void {
    this.#load(connectionId).store.remove();
    this.#held.delete(connectionId);
  }

  #load(connectionId: string): { store: CacheStore<SavedFile>; entries: SavedEntry[] } {
    let held = this.#held.get(connectionId);
    if (!held) {
      const store = this.#open(connectionId);
      held = { store, entries: store.load().value?.entries ?? [] };
      this.#held.set(connectionId, held);
    }
    return held;
  }
}
