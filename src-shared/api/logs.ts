import { z } from 'zod';
import { IsoDateTime } from '../validation.js';
import { CursorPage, PageQuery } from './pages.js';

/**
 * One API request made with a service account's token (the account's Logs tab), or for refused requests
 * (status 400 and up) all of one token's with that status in one second: `count` says how many, and
 * the time, method and path are the first one's.
 */
export const RequestLogEntry = z.object({
  id: z.string(),
  at: IsoDateTime,
  tokenId: z.string().nullable(),
  tokenName: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  clientAddress: z.string().nullable(),
  /** An older server sends no count: each of its rows is one request. */
  count: z.number().int().positive().default(1),
});
export type RequestLogEntry = z.infer<typeof RequestLogEntry>;

/** `GET …/service-accounts/{id}/logs` (log.read + a shared group): newest first, cursor-paged. */
export const RequestLogQuery = z
  .object({
    tokenId: z.string().max(100).optional(),
    /** An exact status (`404`) or a class (`4xx`). */
    status: z
      .string()
      .regex(/^([1-5]xx|[1-5]\d\d)$/, 'Use a status such as 404 or a class such as 4xx.')
      .optional(),
    ...PageQuery,
  })
  .strict();
export type RequestLogQuery = z.input<typeof RequestLogQuery>;

export const RequestLogPage = CursorPage(RequestLogEntry);
export type RequestLogPage = z.infer<typeof RequestLogPage>;
