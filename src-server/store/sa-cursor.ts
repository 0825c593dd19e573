import { z } from 'zod';
import { SORT_KEYS } from '../../src-shared/api/service-accounts.js';

/**
 * Opaque keyset cursors for the service-account list. A listing cursor holds the last row's sort value
 * and id; a changes cursor holds the last row's sequence value. Both carry the sync point of the first
 * page (`sc`), so every page of one walk reports the same `syncCursor`, and a fingerprint of the
 * filters, so a cursor cannot silently be reused with a different query.
 */
const ListingCursor = z.object({
  m: z.literal('l'),
  s: z.enum(SORT_KEYS),
  k: z.union([z.string(), z.number()]),
  i: z.string(),
  sc: z.number().int().nonnegative(),
  f: z.string(),
});
const ChangesCursor = z.object({
  m: z.literal('c'),
  k: z.number().int().nonnegative(),
  sc: z.number().int().nonnegative(),
  f: z.string(),
});
const Cursor = z.discriminatedUnion('m', [ListingCursor, ChangesCursor]);
export type Cursor = z.infer<typeof Cursor>;

export class InvalidCursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, fingerprint: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('This cursor is not one this server issued. Start again from the first page.');
  }
  const result = Cursor.safeParse(parsed);
  if (!result.success) {
    throw new InvalidCursorError('This cursor is not one this server issued. Start again from the first page.');
  }
  if (result.data.f !== fingerprint) {
    throw new InvalidCursorError(
      'This cursor belongs to a different query. Send the same filters as for the first page, or start again.',
    );
  }
  return result.data;
}
