import type { ServiceAccount } from '../../src-shared/api/models.js';
import { inCatalogueOrder } from '../../src-shared/permissions.js';
import type { RoleName } from '../../src-shared/roles.js';
import { position } from '../db/json-sql.js';
import { named } from '../db/named.js';
import type { Sql, SqlValue } from '../db/sql.js';
import type { Domains } from './domains.js';
import { sortRoles } from './members.js';
import { ACCOUNT_COLUMNS, listItemColumns, SORTS, type AccountRow, type ListItemRow, type SortKey } from './sa-sql.js';
import { filtersFingerprint } from './page-cursor.js';
import { decodeCursor, encodeCursor, InvalidCursorError, type Cursor } from './sa-cursor.js';
import { isoOf, type Clock } from './time.js';

export interface ListParams {
  domainId: string;
  search?: string | undefined;
  status: 'all' | 'enabled' | 'disabled';
  role?: RoleName | undefined;
  sort: SortKey;
  limit: number;
  cursor?: string | undefined;
  /** A syncCursor from an earlier answer: only accounts changed after it, in change order. */
  changesSince?: number | undefined;
  /**
   * Present for `include=tokens`: tokens are embedded for accounts in one of these groups and null for
   * the rest. The caller passes its own groups if it may manage tokens, else none (the same-group rule).
   */
  tokens?: { visibleInGroups: readonly string[] } | undefined;
  /** Count a filtered listing's total (a scan of the matching accounts); see `totalOf`. */
  count?: boolean | undefined;
}

/** A service account as the API shows it, plus the group ids the same-group rule needs. */
export interface AccountView {
  account: ServiceAccount;
  groupIds: string[];
}

export interface ListPage {
  /** Each account as the JSON text of a ServiceAccount (with include=tokens, ServiceAccountWithTokens). */
  items: string[];
  nextCursor: string | null;
  syncCursor: string;
  deleted: string[];
  total?: number;
}

/**
 * Read side of service accounts: list pages and single reads. A page is one SQL statement over the
 * accounts' stored summaries (roles, groups, counts and, when asked, tokens); see `totalOf` for the total.
 */
export class ServiceAccounts {
  private readonly sql: Sql;
  private readonly clock: Clock;
  private readonly domains: Domains;

  constructor(sql: Sql, clock: Clock, domains: Domains) {
    this.sql = sql;
    this.clock = clock;
    this.domains = domains;
  }

  /** One service account of a domain, or undefined. */
  async get(domainId: string, id: string): Promise<AccountView | undefined> {
    const sql = `SELECT ${ACCOUNT_COLUMNS} FROM members m
      WHERE m.domain_id = @domain AND m.id = @id AND m.type = 'SERVICE_ACCOUNT'`;
    const row = await this.sql.get<AccountRow>(...named(sql, { domain: domainId, id, now: isoOf(this.clock()) }));
    return row ? viewsOf([row])[0] : undefined;
  }

  /**
   * One page. No transaction: the sync point is read before the page, in a statement of its own.
   * Writers take turns and each holds its turn until it commits (see postgres.ts), so every change up to
   * the sync point is committed when it is read, and the page that follows shows all of them. It may
   * show later ones too, which a changes walk from that point then repeats: a repeat, never a gap.
   * The first page's kept total is read in the same statement as the sync point.
   */
  async list(params: ListParams): Promise<ListPage> {
    const changes = params.changesSince !== undefined;
    const fingerprint = filtersFingerprint({
      search: params.search,
      status: params.status,
      role: params.role,
      sort: changes ? undefined : params.sort,
      changesSince: params.changesSince,
      include: params.tokens ? 'tokens' : undefined,
    });
    const cursor = params.cursor === undefined ? undefined : decodeCursor(params.cursor, fingerprint);
    // A first page reads the sync point (and the kept total); later pages carry it in their cursor.
    const head = cursor ? undefined : await this.domains.position(params.domainId);
    const syncPoint = head?.lastSeq ?? cursor?.sc ?? 0;

    const where = ['m.domain_id = @domain', "m.type = 'SERVICE_ACCOUNT'"];
    const bind: Record<string, SqlValue> = { domain: params.domainId };
    const search = params.search?.trim().toLowerCase();
    if (search) {
      const d = this.sql.dialect;
      where.push(`(${position(d, 'm.name', '@search')} > 0 OR ${position(d, 'm.description_lc', '@search')} > 0)`);
      bind.search = search;
    }
    if (params.status !== 'all') where.push(`m.enabled = ${params.status === 'enabled' ? 1 : 0}`);
    if (params.role) {
      where.push('EXISTS (SELECT 1 FROM member_roles r WHERE r.member_id = m.id AND r.role = @role)');
      bind.role = params.role;
    }
    if (changes) {
      where.push('m.seq > @since');
      bind.since = params.changesSince ?? null;
    }
    const filterWhere = where.join(' AND ');

    let order: string;
    if (changes) {
      order = 'm.seq ASC';
      if (cursor?.m === 'c') {
        where.push('m.seq > @afterSeq');
        bind.afterSeq = cursor.k;
      } else if (cursor) throw mismatch();
    } else {
      const sort = SORTS[params.sort];
      const dir = sort.desc ? 'DESC' : 'ASC';
      order = `${sort.column} ${dir}, m.id ${dir}`;
      if (cursor?.m === 'l' && cursor.s === params.sort) {
        where.push(`(${sort.column}, m.id) ${sort.desc ? '<' : '>'} (@afterKey, @afterId)`);
        bind.afterKey = cursor.k;
        bind.afterId = cursor.i;
      } else if (cursor) throw mismatch();
    }

    const columns = listItemColumns(this.sql.dialect)[params.tokens ? 'withTokens' : 'plain'];
    const sql = `SELECT ${columns} FROM members m WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`;
    const rows = await this.sql.all<ListItemRow>(
      ...named(sql, {
        ...bind,
        now: isoOf(this.clock()),
        limit: params.limit + 1,
        ...(params.tokens ? { viewerGroups: JSON.stringify(params.tokens.visibleInGroups) } : {}),
      }),
    );
    const hasMore = rows.length > params.limit;
    if (hasMore) rows.pop();

    const last = rows[rows.length - 1];
    let nextCursor: string | null = null;
    if (hasMore && last) {
      let next: Cursor;
      if (changes) next = { m: 'c', k: last.seq, sc: syncPoint, f: fingerprint };
      else {
        // The last account's sort key and id, read back from its own JSON (one parse per page).
        const account = JSON.parse(last.item) as ServiceAccount;
        next = {
          m: 'l',
          s: params.sort,
          k: sortValue(account, params.sort),
          i: account.id,
          sc: syncPoint,
          f: fingerprint,
        };
      }
      nextCursor = encodeCursor(next);
    }

    const page: ListPage = {
      items: rows.map((row) => row.item),
      nextCursor,
      syncCursor: String(syncPoint),
      // Deletions up to the sync point, reported once, on the first page of a changes walk.
      deleted:
        changes && !cursor
          ? await this.sql.column<string>(
              'SELECT id FROM sa_tombstones WHERE domain_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
              [params.domainId, params.changesSince ?? 0, syncPoint],
            )
          : [],
    };
    if (head) {
      const total = await this.totalOf(params, head.serviceAccounts, () =>
        this.sql.value<number>(...named(`SELECT count(*) FROM members m WHERE ${filterWhere}`, bind)),
      );
      if (total !== undefined) page.total = total;
    }
    return page;
  }

  /**
   * The first page's total, only where it costs no scan of the table or was asked for: a plain listing
   * reads the domain's kept count; a changes walk counts the changes (a range of the seq index, as
   * long as the walk itself); a search, status or role filter is counted only with `count`.
   */
  private async totalOf(
    params: ListParams,
    kept: number,
    count: () => Promise<number | undefined>,
  ): Promise<number | undefined> {
    const filtered = Boolean(params.search?.trim()) || params.status !== 'all' || params.role !== undefined;
    if (params.changesSince !== undefined || (filtered && params.count)) return (await count()) ?? 0;
    if (!filtered) return kept;
    return undefined;
  }
}

/** Rows → API objects (single reads). A page repeats a few role and group combinations, so each JSON text is parsed once. */
function viewsOf(rows: readonly AccountRow[]): AccountView[] {
  const roles = parseOnce((json) => sortRoles(JSON.parse(json) as string[]));
  const permissions = parseOnce((json) => inCatalogueOrder(JSON.parse(json) as string[]));
  const groups = parseOnce((json) => {
    const pairs = JSON.parse(json) as [string, string][];
    return { ids: pairs.map((p) => p[0]), names: pairs.map((p) => p[1]) };
  });
  return rows.map((row): AccountView => {
    const memberGroups = groups(row.groups_json);
    const view: AccountView = {
      account: {
        id: row.id,
        name: row.name,
        description: row.description,
        roles: [...roles(row.roles_json)],
        grants: [...permissions(row.grants)],
        denies: [...permissions(row.denies)],
        groups: [...memberGroups.names],
        enabled: row.enabled === 1,
        basicAuthEnabled: row.basic_auth_enabled === 1,
        createdAt: row.created_at,
        createdBy: row.created_by,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
        tokenCount: row.token_count,
        nextExpiry: row.next_expiry,
      },
      groupIds: memberGroups.ids,
    };
    return view;
  });
}

function sortValue(account: ServiceAccount, sort: SortKey): string {
  if (sort === 'name' || sort === '-name') return account.name;
  if (sort === 'createdAt' || sort === '-createdAt') return account.createdAt;
  return account.updatedAt;
}

function parseOnce<T>(parse: (json: string) => T): (json: string) => T {
  const seen = new Map<string, T>();
  return (json) => {
    let value = seen.get(json);
    if (value === undefined) {
      value = parse(json);
      seen.set(json, value);
    }
    return value;
  };
}

function mismatch(): Error {
  return new InvalidCursorError('This cursor belongs to a different query. Start again from the first page.');
}
