import type { Statement } from 'better-sqlite3';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { RoleName } from '../../src-shared/roles.js';
import { generateToken, tokenHint } from '../../src-shared/token-format.js';
import type { Db } from '../db/open.js';
import { digestOf } from './digest.js';
import { newId } from './ids.js';
import { sortRoles, type Members } from './members.js';
import { LIVE_TOKEN } from './summary-sql.js';
import { isoOf, isoOrNull, type Clock, type IsoTime } from './time.js';

export type TokenKindCode = 'sa' | 'pt';

export interface TokenRow {
  id: string;
  member_id: string;
  kind: TokenKindCode;
  name: string;
  status: 'ACTIVE' | 'SUSPENDED';
  expires_at: string | null;
  max_rps: number | null;
  roles: string;
  digest: string;
  hint: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  last_used_from: string | null;
  deleted_at: string | null;
  grace_until: string | null;
  replaced_by: string | null;
}

export interface NewToken {
  memberId: string;
  kind: TokenKindCode;
  name: string;
  roles: readonly RoleName[];
  expiresAt: number | null;
  maxRps?: number | null;
  by: string;
  at?: number;
  status?: 'ACTIVE' | 'SUSPENDED';
  /** Only for importing or demo data; a real token gets these from use. */
  lastUsedAt?: number | null;
  lastUsedFrom?: string | null;
}

export interface CreatedToken {
  row: TokenRow;
  /** Returned to the caller once and never stored. */
  secret: string;
}

const COLUMNS = `id, member_id, kind, name, status, expires_at, max_rps, roles, digest, hint, created_by, created_at,
  last_used_at, last_used_from, deleted_at, grace_until, replaced_by`;

/**
 * EXPIRED is derived, never stored: a token whose expiry has passed is expired whatever its status.
 * Times are fixed-width ISO text, so comparing the strings compares the instants.
 */
export function tokenStatusAt(row: Pick<TokenRow, 'status' | 'expires_at'>, now: IsoTime): TokenMeta['status'] {
  return row.expires_at !== null && row.expires_at <= now ? 'EXPIRED' : row.status;
}

export function tokenMetaOf(row: TokenRow, now: IsoTime): TokenMeta {
  return {
    id: row.id,
    name: row.name,
    status: tokenStatusAt(row, now),
    expiresAt: row.expires_at,
    roles: sortRoles(JSON.parse(row.roles) as string[]),
    maxRps: row.max_rps,
    hint: row.hint,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    lastUsedFrom: row.last_used_from,
  };
}

export class Tokens {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly members: Members;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly byDigestStmt: Statement<[string], TokenRow>;
  private readonly getStmt: Statement<[string], TokenRow>;
  private readonly liveStmt: Statement<[string], TokenRow>;
  private readonly liveByNameStmt: Statement<[string, string], TokenRow>;
  private readonly touchStmt: Statement<[string, string | null, string]>;
  private readonly updateStmt: Statement<[string, number | null, string]>;
  private readonly softDeleteStmt: Statement<[string, string]>;

  constructor(db: Db, clock: Clock, members: Members) {
    this.db = db;
    this.clock = clock;
    this.members = members;
    this.insertStmt = db.prepare(
      `INSERT INTO tokens (${COLUMNS}) VALUES (${COLUMNS.split(',')
        .map(() => '?')
        .join(', ')})`,
    );
    this.byDigestStmt = db.prepare(`SELECT ${COLUMNS} FROM tokens WHERE digest = ?`);
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM tokens WHERE id = ?`);
    this.liveStmt = db.prepare(
      `SELECT ${COLUMNS} FROM tokens WHERE member_id = ? AND ${LIVE_TOKEN} ORDER BY created_at, id`,
    );
    this.liveByNameStmt = db.prepare(
      `SELECT ${COLUMNS} FROM tokens WHERE member_id = ? AND name = ? AND ${LIVE_TOKEN}`,
    );
    this.touchStmt = db.prepare('UPDATE tokens SET last_used_at = ?, last_used_from = ? WHERE id = ?');
    this.updateStmt = db.prepare('UPDATE tokens SET status = ?, max_rps = ? WHERE id = ?');
    this.softDeleteStmt = db.prepare('UPDATE tokens SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
  }

  create(input: NewToken): CreatedToken {
    return this.db.transaction((): CreatedToken => {
      const secret = generateToken(input.kind === 'sa' ? 'serviceAccount' : 'personal');
      const row: TokenRow = {
        id: newId('tok'),
        member_id: input.memberId,
        kind: input.kind,
        name: input.name,
        status: input.status ?? 'ACTIVE',
        expires_at: isoOrNull(input.expiresAt),
        max_rps: input.maxRps ?? null,
        roles: JSON.stringify(sortRoles(input.roles)),
        digest: digestOf(secret),
        hint: tokenHint(secret),
        created_by: input.by,
        created_at: isoOf(input.at ?? this.clock()),
        last_used_at: isoOrNull(input.lastUsedAt),
        last_used_from: input.lastUsedFrom ?? null,
        deleted_at: null,
        grace_until: null,
        replaced_by: null,
      };
      this.insertStmt.run(...COLUMNS.split(',').map((c) => row[c.trim() as keyof TokenRow]));
      this.members.changed(input.memberId);
      return { row, secret };
    })();
  }

  byDigest(digest: string): TokenRow | undefined {
    return this.byDigestStmt.get(digest);
  }

  get(id: string): TokenRow | undefined {
    return this.getStmt.get(id);
  }

  listLive(memberId: string): TokenRow[] {
    return this.liveStmt.all(memberId);
  }

  liveByName(memberId: string, name: string): TokenRow | undefined {
    return this.liveByNameStmt.get(memberId, name);
  }

  /** Records use. Service-account tokens take a new sequence value so synced "last used" stays current. */
  touch(id: string, at: number, from: string | null): void {
    this.db.transaction(() => {
      this.touchStmt.run(isoOf(at), from, id);
      const row = this.getStmt.get(id);
      if (row?.kind === 'sa') this.members.changed(row.member_id);
    })();
  }

  update(id: string, patch: { status?: 'ACTIVE' | 'SUSPENDED'; maxRps?: number | null }): TokenRow | undefined {
    return this.db.transaction((): TokenRow | undefined => {
      const row = this.getStmt.get(id);
      if (!row || row.deleted_at !== null) return undefined;
      const maxRps = patch.maxRps === undefined ? row.max_rps : patch.maxRps;
      this.updateStmt.run(patch.status ?? row.status, maxRps, id);
      this.members.changed(row.member_id);
      return this.getStmt.get(id);
    })();
  }

  /** Soft delete: the row stays so a later use of the secret can be told it was deleted. */
  softDelete(id: string): boolean {
    return this.db.transaction((): boolean => {
      const row = this.getStmt.get(id);
      if (!row) return false;
      const changed = this.softDeleteStmt.run(isoOf(this.clock()), id).changes > 0;
      if (changed) this.members.changed(row.member_id);
      return changed;
    })();
  }
}
