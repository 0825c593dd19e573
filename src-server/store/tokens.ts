import type { TokenMeta } from '../../src-shared/api/models.js';
import type { RoleName } from '../../src-shared/roles.js';
import { generateToken, tokenHint } from '../../src-shared/token-format.js';
import { named } from '../db/named.js';
import type { Sql, SqlValue } from '../db/sql.js';
import { digestOf } from './digest.js';
import { newId } from './ids.js';
import { sortRoles, type Members } from './members.js';
import { rotatedName } from './rotated-name.js';
import { listedToken, LIVE_TOKEN } from './summary-sql.js';
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
  /** Set when it was revoked as leaked (final), with who reported it and the report's source and URL. */
  leaked_at: string | null;
  leak_reported_by: string | null;
  leak_source: string | null;
  leak_url: string | null;
  /** When it was last made active again after a suspension: auto-suspend counts idle days from then. */
  reactivated_at: string | null;
  /**
   * The id of the first token of its rotation chain: a rotated token and the one that replaced it share
   * it, so they share one rate-limit bucket (a rotation must not double the cap during its grace).
   */
  lineage_id: string;
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
  /** The rotation chain a new token continues; a token of its own chain when left out. */
  lineageId?: string;
}

export interface CreatedToken {
  row: TokenRow;
  /** Returned to the caller once and never stored. */
  secret: string;
}

export interface RotatedTokenRows extends CreatedToken {
  /** The old token, renamed, with its grace end and replaced_by set. */
  previous: TokenRow;
}

const COLUMNS = `id, member_id, kind, name, status, expires_at, max_rps, roles, digest, hint, created_by, created_at,
  last_used_at, last_used_from, deleted_at, grace_until, replaced_by, lineage_id, leaked_at, leak_reported_by,
  leak_source, leak_url, reactivated_at`;

/**
 * EXPIRED is derived, never stored: a token whose expiry has passed is expired whatever its status.
 * A token revoked as leaked is REVOKED_LEAKED before anything else: that is final.
 * Times are fixed-width ISO text, so comparing the strings compares the instants.
 */
export function tokenStatusAt(
  row: Pick<TokenRow, 'status' | 'expires_at' | 'leaked_at'>,
  now: IsoTime,
): TokenMeta['status'] {
  if (row.leaked_at !== null) return 'REVOKED_LEAKED';
  return row.expires_at !== null && row.expires_at <= now ? 'EXPIRED' : row.status;
}

/** Whether a token's secret still works or can again: not deleted, not revoked, not rotated out past its grace. */
export function isLiveToken(row: TokenRow, now: IsoTime): boolean {
  if (row.deleted_at !== null || row.leaked_at !== null) return false;
  return row.replaced_by === null || (row.grace_until !== null && row.grace_until > now);
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
    replacedBy: row.replaced_by,
    leak:
      row.leaked_at === null
        ? null
        : {
            reportedAt: row.leaked_at,
            reportedBy: row.leak_reported_by ?? '',
            source: row.leak_source,
            url: row.leak_url,
          },
  };
}

const GET_SQL = `SELECT ${COLUMNS} FROM tokens WHERE id = ?`;
const LIVE_BY_NAME_SQL = `SELECT ${COLUMNS} FROM tokens WHERE member_id = ? AND name = ? AND ${LIVE_TOKEN}`;
const INSERT_SQL = `INSERT INTO tokens (${COLUMNS}) VALUES (${COLUMNS.split(',')
  .map(() => '?')
  .join(', ')})`;
const LIVE_SQL = `SELECT ${COLUMNS} FROM tokens t WHERE t.member_id = @member AND ${listedToken('t')} ORDER BY created_at, id`;

export class Tokens {
  private readonly sql: Sql;
  private readonly clock: Clock;
  private readonly members: Members;

  constructor(sql: Sql, clock: Clock, members: Members) {
    this.sql = sql;
    this.clock = clock;
    this.members = members;
  }

  create(input: NewToken): Promise<CreatedToken> {
    return this.sql.transaction(async (): Promise<CreatedToken> => {
      const created = await this.insert(input);
      await this.members.tokensChanged(input.memberId, { created: [created.row.id] });
      return created;
    });
  }

  /** Generates the secret and inserts the row; only the secret's digest and hint reach the table. */
  private async insert(input: NewToken): Promise<CreatedToken> {
    const secret = generateToken(input.kind === 'sa' ? 'serviceAccount' : 'personal');
    const id = newId('tok');
    const row: TokenRow = {
      id,
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
      lineage_id: input.lineageId ?? id,
      leaked_at: null,
      leak_reported_by: null,
      leak_source: null,
      leak_url: null,
      reactivated_at: null,
    };
    await this.sql.run(
      INSERT_SQL,
      COLUMNS.split(',').map((c): SqlValue => row[c.trim() as keyof TokenRow]),
    );
    return { row, secret };
  }

  /**
   * Rotation: a new token with the old one's name, roles, expiry, max RPS and status and a new secret.
   * The old one is renamed `<name>.rotated-<time>` (first, so the name is free for the new one), keeps
   * working until `graceMs` from now (or its own earlier expiry) and points at its replacement.
   */
  rotate(
    id: string,
    input: { graceMs: number; by: string; expiresAt?: number | null },
  ): Promise<RotatedTokenRows | undefined> {
    return this.sql.transaction(async (): Promise<RotatedTokenRows | undefined> => {
      const old = await this.get(id);
      if (!old || old.deleted_at !== null) return undefined;
      const now = this.clock();
      const graceEnd = now + input.graceMs;
      const oldExpiry = old.expires_at === null ? null : Date.parse(old.expires_at);
      const renamed = await rotatedName(
        old.name,
        now,
        async (name) => (await this.liveByName(old.member_id, name)) !== undefined,
      );
      await this.sql.run('UPDATE tokens SET name = ?, grace_until = ?, expires_at = ? WHERE id = ?', [
        renamed,
        isoOf(graceEnd),
        isoOf(oldExpiry === null ? graceEnd : Math.min(oldExpiry, graceEnd)),
        id,
      ]);
      const created = await this.insert({
        memberId: old.member_id,
        kind: old.kind,
        name: old.name,
        roles: JSON.parse(old.roles) as RoleName[],
        expiresAt: input.expiresAt === undefined ? oldExpiry : input.expiresAt,
        maxRps: old.max_rps,
        status: old.status,
        by: input.by,
        at: now,
        lineageId: old.lineage_id,
      });
      await this.sql.run('UPDATE tokens SET replaced_by = ? WHERE id = ?', [created.row.id, id]);
      await this.members.tokensChanged(old.member_id, { changed: [id], created: [created.row.id] });
      const previous = await this.get(id);
      if (!previous) throw new Error('rotated token vanished inside its own transaction');
      return { ...created, previous };
    });
  }

  byDigest(digest: string): Promise<TokenRow | undefined> {
    return this.sql.get<TokenRow>(`SELECT ${COLUMNS} FROM tokens WHERE digest = ?`, [digest]);
  }

  get(id: string): Promise<TokenRow | undefined> {
    return this.sql.get<TokenRow>(GET_SQL, [id]);
  }

  /** The tokens a list shows: not deleted, and no rotated-out token past its grace. */
  listLive(memberId: string): Promise<TokenRow[]> {
    return this.sql.all<TokenRow>(...named(LIVE_SQL, { member: memberId, now: isoOf(this.clock()) }));
  }

  liveByName(memberId: string, name: string): Promise<TokenRow | undefined> {
    return this.sql.get<TokenRow>(LIVE_BY_NAME_SQL, [memberId, name]);
  }

  /** Records use. Service-account tokens take a new sequence value so synced "last used" stays current. */
  /**
   * Records a use at `at` unless one was recorded less than `minIntervalMs` before it. The condition is
   * in the UPDATE, not in the caller's cached row, so however many instances see the token's requests
   * the row is written at most once per interval. Resolves whether it wrote.
   */
  touch(id: string, at: number, from: string | null, minIntervalMs = 0): Promise<boolean> {
    return this.sql.transaction(async () => {
      const { changes } = await this.sql.run(
        `UPDATE tokens SET last_used_at = ?, last_used_from = ?
          WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
        [isoOf(at), from, id, isoOf(at - minIntervalMs)],
      );
      if (changes === 0) return false;
      const row = await this.get(id);
      if (row?.kind === 'sa') await this.members.tokensChanged(row.member_id, { changed: [id] });
      return true;
    });
  }

  update(
    id: string,
    patch: { status?: 'ACTIVE' | 'SUSPENDED'; maxRps?: number | null; expiresAt?: number | null },
  ): Promise<TokenRow | undefined> {
    return this.sql.transaction(async (): Promise<TokenRow | undefined> => {
      const row = await this.get(id);
      if (!row || row.deleted_at !== null) return undefined;
      const maxRps = patch.maxRps === undefined ? row.max_rps : patch.maxRps;
      const expiresAt = patch.expiresAt === undefined ? row.expires_at : isoOrNull(patch.expiresAt);
      const reactivated =
        patch.status === 'ACTIVE' && row.status === 'SUSPENDED' ? isoOf(this.clock()) : row.reactivated_at;
      await this.sql.run('UPDATE tokens SET status = ?, max_rps = ?, expires_at = ?, reactivated_at = ? WHERE id = ?', [
        patch.status ?? row.status,
        maxRps,
        expiresAt,
        reactivated,
        id,
      ]);
      await this.members.tokensChanged(row.member_id, { changed: [id] });
      return this.get(id);
    });
  }

  /**
   * Revokes a live token as leaked, for good: its status reads REVOKED_LEAKED from now on and a use
   * answers 401 token_leaked. False when it was already revoked, deleted or rotated out past its grace.
   */
  revokeLeaked(id: string, report: { by: string; source: string | null; url: string | null }): Promise<boolean> {
    return this.sql.transaction(async (): Promise<boolean> => {
      const row = await this.get(id);
      const now = this.clock();
      if (!row || !isLiveToken(row, isoOf(now))) return false;
      await this.sql.run(
        `UPDATE tokens SET leaked_at = ?, leak_reported_by = ?, leak_source = ?, leak_url = ?
          WHERE id = ? AND leaked_at IS NULL`,
        [isoOf(now), report.by, report.source, report.url, id],
      );
      await this.members.tokensChanged(row.member_id, { changed: [id] });
      return true;
    });
  }

  /** Tokens by digest, any state (the caller decides what it may see). */
  byDigests(digests: readonly string[]): Promise<TokenRow[]> {
    if (digests.length === 0) return Promise.resolve([]);
    return this.sql.all<TokenRow>(
      `SELECT ${COLUMNS} FROM tokens WHERE digest IN (${digests.map(() => '?').join(', ')})`,
      [...digests],
    );
  }

  /**
   * How many of a member's tokens are active now (not suspended, expired, revoked, deleted or rotated
   * out), leaving out `exceptId`: the count the policy's per-account cap looks at.
   */
  async activeCount(memberId: string, exceptId: string | null = null): Promise<number> {
    const count = await this.sql.value<number | string>(
      `SELECT count(*) FROM tokens WHERE member_id = ? AND status = 'ACTIVE' AND deleted_at IS NULL
        AND leaked_at IS NULL AND replaced_by IS NULL AND (expires_at IS NULL OR expires_at > ?) AND id <> ?`,
      [memberId, isoOf(this.clock()), exceptId ?? ''],
    );
    return Number(count ?? 0);
  }

  /** Soft delete: the row stays so a later use of the secret can be told it was deleted. */
  softDelete(id: string): Promise<boolean> {
    return this.sql.transaction(async (): Promise<boolean> => {
      const row = await this.get(id);
      if (!row) return false;
      const changed =
        (
          await this.sql.run('UPDATE tokens SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [
            isoOf(this.clock()),
            id,
          ])
        ).changes > 0;
      if (changed) await this.members.tokensChanged(row.member_id, { changed: [id] });
      return changed;
    });
  }
}
