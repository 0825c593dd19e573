import { createHash } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from '../http/errors.js';

/**
 * Opaque keyset cursor for newest-first pages (request logs, audit): the last row's time and id, and a
 * fingerprint of the filters so a cursor cannot silently be reused with a different query.
 */
const PageCursor = z.object({ a: z.string(), i: z.number().int().nonnegative(), f: z.string() });

/**
 * A short digest of everything that shapes a list's result set except paging itself, carried in its
 * cursors (these and the service-account list's, sa-cursor.ts).
 */
export function filtersFingerprint(parts: Record<string, string | number | undefined>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function encodePageCursor(at: string, id: number, filters: string): string {
  return Buffer.from(JSON.stringify({ a: at, i: id, f: filters }), 'utf8').toString('base64url');
}

export function decodePageCursor(text: string, filters: string): { at: string; id: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = PageCursor.safeParse(parsed);
  if (!result.success) {
    throw new HttpError(400, 'validation_failed', 'This cursor is not one this server issued. Start again.');
  }
  if (result.data.f !== filters) {
    throw new HttpError(
      400,
      'validation_failed',
      'This cursor belongs to a different query. Send the same filters as for the first page, or start again.',
    );
  }
  return { at: result.data.a, id: result.data.i };
}
