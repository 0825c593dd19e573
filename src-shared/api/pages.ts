import { z } from 'zod';

/**
 * The paging part of a newest-first list's query (request logs, audit): how many items a page holds,
 * and the `nextCursor` of the page before.
 */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
};

/** One page of a newest-first list: its items and the cursor of the next page (null after the last). */
export function CursorPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
