import { named } from '../db/named.js';
import type { Sql } from '../db/sql.js';
import type { RequestLogEntry, RequestLogPage } from '../../src-shared/api/logs.js';
import { decodePageCursor, encodePageCursor, filtersFingerprint } from './page-cursor.js';

export interface LogFilter {
  tokenId?: string | undefined;
  /** `404` or `4xx`, already validated by RequestLogQuery. */
  status?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface LogRow {
  id: number;
  at: string;
  token_id: string | null;
  token_name: string | null;
  method: string;
  path: string;
  status: number;
  client_address: string | null;
  count: number;
}

/**
 * One newest-first page of an account's request log. The keyset is (at, id) on the
 * request_logs_by_member index, so a page costs its own size whatever the log's length, and rows added
 * while paging land before the first page rather than shifting later ones. The token name is joined in
 * only for a token that still exists (null once deleted, as the Logs tab shows it).
 */
export async function requestLogPage(sql: Sql, memberId: string, filter: LogFilter): Promise<RequestLogPage> {
  const f = filtersFingerprint({ m: memberId, t: filter.tokenId, s: filter.status });
  const where = ['r.member_id = @member'];
  const args: Record<string, string | number> = { member: memberId, limit: filter.limit + 1 };
  if (filter.tokenId !== undefined) {
    where.push('r.token_id = @token');
    args.token = filter.tokenId;
  }
  if (filter.status !== undefined) {
    if (filter.status.endsWith('xx')) {
      const base = Number(filter.status[0]) * 100;
      where.push('r.status BETWEEN @lo AND @hi');
      args.lo = base;
      args.hi = base + 99;
    } else {
      where.push('r.status = @status');
      args.status = Number(filter.status);
    }
  }
  if (filter.cursor !== undefined) {
    const after = decodePageCursor(filter.cursor, f);
    where.push('(r.at < @at OR (r.at = @at AND r.id < @id))');
    args.at = after.at;
    args.id = after.id;
  }
  const rows = await sql.all<LogRow>(
    ...named(
      `SELECT r.id, r.at, r.token_id, t.name AS token_name, r.method, r.path, r.status, r.client_address, r.count
       FROM request_logs r LEFT JOIN tokens t ON t.id = r.token_id AND t.deleted_at IS NULL
       WHERE ${where.join(' AND ')} ORDER BY r.at DESC, r.id DESC LIMIT @limit`,
      args,
    ),
  );
  const more = rows.length > filter.limit;
  const page = more ? rows.slice(0, filter.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((row): RequestLogEntry => ({
      id: String(row.id),
      at: row.at,
      tokenId: row.token_id,
      tokenName: row.token_name,
      method: row.method,
      path: row.path,
      status: row.status,
      clientAddress: row.client_address,
      count: row.count,
    })),
    nextCursor: more && last ? encodePageCursor(last.at, last.id, f) : null,
  };
}
