import { z } from 'zod';
import type { CacheStore } from '../cache-store.js';
import type { NoticeMemory } from './notice-memory.js';

/** The notices already shown, as their cache file holds them (sealed like every cache file). */
export const NoticeFile = z.object({ version: z.literal(1), keys: z.array(z.string()) });
export type NoticeFile = z.infer<typeof NoticeFile>;

export function parseNoticeFile(text: string): NoticeFile {
  return NoticeFile.parse(JSON.parse(text));
}

/**
 * The notices' memory in the encrypted cache: one small file for every connection, since a key names
 * a connection and a token. A file that cannot be read is set aside by the store and starts empty,
 * which at worst shows a notice a second time.
 */
export function cachedNoticeMemory(store: CacheStore<NoticeFile>): NoticeMemory {
  return {
    load: () => Promise.resolve(new Set(store.load().value?.keys ?? [])),
    save: (keys) => {
      store.save({ version: 1, keys: [...keys] });
      return Promise.resolve();
    },
  };
}
