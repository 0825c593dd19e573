import { inCatalogueOrder } from '../../src-shared/permissions.js';
import { ROLE_NAMES, type Permission, type RoleName } from '../../src-shared/roles.js';
import type { Sql } from '../db/sql.js';
import type { Domains } from './domains.js';
import { newId } from './ids.js';
import { TokenSummary, type TokenChanges } from './token-summary.js';
import { isoOf, type Clock } from './time.js';

export type MemberType = 'HUMAN' | 'SERVICE_ACCOUNT';

export interface MemberRow {
  id: string;
  domain_id: string;
  type: MemberType;
  name: string;
  description: string;
  enabled: 0 | 1;
  basic_auth_enabled: 0 | 1;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  seq: number;
  token_count: number;
  next_expiry: string | null;
  roles_json: string;
  groups_json: string;
  /** A service account's permission overrides, JSON arrays of catalogue names ('[]' for a person). */
  grants: string;
  denies: string;
}

type SummaryColumn = 'token_count' | 'next_expiry' | 'roles_json' | 'groups_json';

export interface NewMember {
  domainId: string;
  type: MemberType;
  name: string;
  description?: string;
  enabled?: boolean;
  basicAuthEnabled?: boolean;
  roles: readonly RoleName[];
  /** A service account's permission overrides (catalogue names); a person has none. */
  grants?: readonly Permission[];
  denies?: readonly Permission[];
  groupIds?: readonly string[];
  /** Name of the member who made the change (shown as createdBy/updatedBy). */
  by: string;
  /** Creation time; defaults to the clock (the demo seeder back-dates accounts). */
  at?: number;
  updatedAt?: number;
}

export interface ServiceAccountPatch {
  description?: string;
  enabled?: boolean;
  basicAuthEnabled?: boolean;
  roles?: readonly RoleName[];
  grants?: readonly Permission[];
  denies?: readonly Permission[];
  groupIds?: readonly string[];
}

/**
 * An override list as stored: catalogue names, each once, in catalogue order. The list item copies the
 * stored text as it is (schema-011), so this is the one place that orders it.
 */
function overridesJson(permissions: readonly Permission[] | undefined): string {
  return JSON.stringify(inCatalogueOrder(permissions ?? []));
}

/** Roles in the order of the built-in table, so every answer lists them the same way. */
export function sortRoles(roles: Iterable<string>): RoleName[] {
  const set = new Set(roles);
  return ROLE_NAMES.filter((r) => set.has(r));
}

/** A member row's columns (MemberRow): the stored list item and search text are left out. */
export const MEMBER_COLUMNS = `id, domain_id, type, name, description, enabled, basic_auth_enabled, created_by, created_at,
  updated_by, updated_at, seq, token_count, next_expiry, roles_json, groups_json, grants, denies`;

const GET_SQL = `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`;
const ADD_ROLE_SQL = 'INSERT INTO member_roles (member_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING';
const ADD_GROUP_SQL =
  'INSERT INTO group_members (group_id, member_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING';
const SET_SEQ_SQL = 'UPDATE members SET seq = ? WHERE id = ?';
// The next value of the domain's change sequence, claimed for a service account (none for anyone else)
// in one statement: every write takes this turn, so it is on the path of every write.
const CLAIM_SEQ_SQL = `UPDATE domains SET last_seq = last_seq + 1
  WHERE id = (SELECT domain_id FROM members WHERE id = ? AND type = 'SERVICE_ACCOUNT') RETURNING last_seq`;

/** Humans and service accounts, their roles and group memberships, and service-account deletion. */
export class Members {
  private readonly sql: Sql;
  private readonly clock: Clock;
  private readonly domains: Domains;
  private readonly tokenSummary: TokenSummary;
  /**
   * Accounts changed inside `batch()`, whose summaries are refreshed once at its end. Only a bulk write
   * (the demo seeder) sets it, inside its own transaction, which the driver never interleaves with another.
   */
  private deferred: Set<string> | null = null;

  constructor(sql: Sql, clock: Clock, domains: Domains) {
    this.sql = sql;
    this.clock = clock;
    this.domains = domains;
    this.tokenSummary = new TokenSummary(sql);
  }

  create(input: NewMember): Promise<MemberRow> {
    return this.sql.transaction(async (): Promise<MemberRow> => {
      const at = isoOf(input.at ?? this.clock());
      const description = input.description ?? '';
      const row: Omit<MemberRow, SummaryColumn> = {
        id: newId(input.type === 'SERVICE_ACCOUNT' ? 'sa' : 'usr'),
        domain_id: input.domainId,
        type: input.type,
        name: input.name,
        description,
        enabled: input.enabled === false ? 0 : 1,
        basic_auth_enabled: input.basicAuthEnabled ? 1 : 0,
        created_by: input.by,
        created_at: at,
        updated_by: input.by,
        updated_at: input.updatedAt === undefined ? at : isoOf(input.updatedAt),
        // Only service accounts take part in sync; humans keep seq 0 and do not use up the sequence.
        seq: input.type === 'SERVICE_ACCOUNT' ? await this.domains.nextSeq(input.domainId) : 0,
        grants: overridesJson(input.grants),
        denies: overridesJson(input.denies),
      };
      await this.sql.run(
        `INSERT INTO members (id, domain_id, type, name, description, description_lc, enabled, basic_auth_enabled,
           created_by, created_at, updated_by, updated_at, seq, grants, denies)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.id,
          row.domain_id,
          row.type,
          row.name,
          description,
          description.toLowerCase(),
          row.enabled,
          row.basic_auth_enabled,
          row.created_by,
          row.created_at,
          row.updated_by,
          row.updated_at,
          row.seq,
          row.grants,
          row.denies,
        ],
      );
      for (const role of input.roles) await this.sql.run(ADD_ROLE_SQL, [row.id, role]);
      for (const groupId of input.groupIds ?? []) await this.sql.run(ADD_GROUP_SQL, [groupId, row.id, at]);
      if (row.type === 'SERVICE_ACCOUNT') await this.refreshSummary(row.id);
      const created = await this.get(row.id);
      if (!created) throw new Error('member vanished inside its own transaction');
      return created;
    });
  }

  get(id: string): Promise<MemberRow | undefined> {
    return this.sql.get<MemberRow>(GET_SQL, [id]);
  }

  byName(domainId: string, name: string): Promise<MemberRow | undefined> {
    return this.sql.get<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE domain_id = ? AND name = ?`, [
      domainId,
      name,
    ]);
  }

  async rolesOf(id: string): Promise<RoleName[]> {
    return sortRoles(await this.sql.column<string>('SELECT role FROM member_roles WHERE member_id = ?', [id]));
  }

  async countServiceAccounts(domainId: string): Promise<number> {
    return (
      (await this.sql.value<number>("SELECT count(*) FROM members WHERE domain_id = ? AND type = 'SERVICE_ACCOUNT'", [
        domainId,
      ])) ?? 0
    );
  }

  serviceAccountIds(domainId: string): Promise<string[]> {
    return this.sql.column<string>("SELECT id FROM members WHERE domain_id = ? AND type = 'SERVICE_ACCOUNT'", [
      domainId,
    ]);
  }

  /** Adds a member to a group; for a service account this is a change that sync must see. */
  addToGroup(memberId: string, groupId: string): Promise<void> {
    return this.sql.transaction(async () => {
      const info = await this.sql.run(ADD_GROUP_SQL, [groupId, memberId, isoOf(this.clock())]);
      if (info.changes > 0) await this.changed(memberId);
    });
  }

  /**
   * Records a change to a service account or one of its tokens, inside the write's transaction: the
   * account takes the next sequence value (what `changesSince` reads) and its list summary is
   * recomputed. Every write path calls this; nothing else may change those rows.
   */
  async changed(memberId: string): Promise<void> {
    const seq = await this.sql.value<number>(CLAIM_SEQ_SQL, [memberId]);
    if (seq === undefined) return;
    await this.sql.run(SET_SEQ_SQL, [seq, memberId]);
    await this.refreshSummary(memberId);
  }

  /**
   * As `changed`, for a change to some of the account's tokens only: the summary is patched for those
   * tokens instead of recomputed from all of them, so a write costs the same however many tokens the
   * account has. Falls back to the full recompute when the summary is stale.
   */
  async tokensChanged(memberId: string, tokens: TokenChanges): Promise<void> {
    const seq = await this.sql.value<number>(CLAIM_SEQ_SQL, [memberId]);
    if (seq === undefined) return;
    // The patch writes the sequence value with the counters; a stale summary writes it on its own.
    if (!this.deferred && (await this.tokenSummary.apply(memberId, tokens, seq, isoOf(this.clock())))) return;
    await this.sql.run(SET_SEQ_SQL, [seq, memberId]);
    await this.refreshSummary(memberId);
  }

  /**
   * Runs a bulk write (the demo seeder) with summaries refreshed once per account at the end instead
   * of after every token. It runs in its own transaction, so no reader sees the summaries in between.
   */
  batch<T>(fn: () => Promise<T>): Promise<T> {
    return this.sql.transaction(async () => {
      if (this.deferred) return fn();
      this.deferred = new Set();
      try {
        const result = await fn();
        const now = isoOf(this.clock());
        for (const id of this.deferred) await this.tokenSummary.recompute(id, now);
        return result;
      } finally {
        this.deferred = null;
      }
    });
  }

  private async refreshSummary(memberId: string): Promise<void> {
    if (this.deferred) this.deferred.add(memberId);
    else await this.tokenSummary.recompute(memberId, isoOf(this.clock()));
  }

  updateServiceAccount(id: string, patch: ServiceAccountPatch, by: string): Promise<MemberRow | undefined> {
    return this.sql.transaction(async (): Promise<MemberRow | undefined> => {
      const row = await this.get(id);
      if (!row || row.type !== 'SERVICE_ACCOUNT') return undefined;
      const at = isoOf(this.clock());
      const description = patch.description ?? row.description;
      const enabled = patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0;
      const basic = patch.basicAuthEnabled === undefined ? row.basic_auth_enabled : patch.basicAuthEnabled ? 1 : 0;
      const grants = patch.grants === undefined ? row.grants : overridesJson(patch.grants);
      const denies = patch.denies === undefined ? row.denies : overridesJson(patch.denies);
      const seq = await this.domains.nextSeq(row.domain_id);
      await this.sql.run(
        `UPDATE members SET description = ?, description_lc = ?, enabled = ?, basic_auth_enabled = ?,
           grants = ?, denies = ?, updated_by = ?, updated_at = ?, seq = ? WHERE id = ?`,
        [description, description.toLowerCase(), enabled, basic, grants, denies, by, at, seq, id],
      );
      await this.replaceRolesAndGroups(id, patch, at);
      await this.refreshSummary(id);
      return this.get(id);
    });
  }

  /**
   * Replaces a member's roles and/or groups (a list left out stays as it is), joined `at`. Call it inside
   * the change's own transaction; a service account's summary is the caller's to refresh.
   */
  async replaceRolesAndGroups(
    id: string,
    change: { roles?: readonly string[] | undefined; groupIds?: readonly string[] | undefined },
    at: string,
  ): Promise<void> {
    if (change.roles) {
      await this.sql.run('DELETE FROM member_roles WHERE member_id = ?', [id]);
      for (const role of change.roles) await this.sql.run(ADD_ROLE_SQL, [id, role]);
    }
    if (change.groupIds) {
      await this.sql.run('DELETE FROM group_members WHERE member_id = ?', [id]);
      for (const groupId of change.groupIds) await this.sql.run(ADD_GROUP_SQL, [groupId, id, at]);
    }
  }

  /** Deletes a service account with its tokens and leaves a tombstone so incremental sync sees it go. */
  deleteServiceAccount(id: string, by: string): Promise<boolean> {
    return this.sql.transaction(async (): Promise<boolean> => {
      const row = await this.get(id);
      if (!row || row.type !== 'SERVICE_ACCOUNT') return false;
      const seq = await this.domains.nextSeq(row.domain_id);
      await this.sql.run('DELETE FROM members WHERE id = ?', [id]);
      await this.sql.run(
        'INSERT INTO sa_tombstones (id, domain_id, name, seq, deleted_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?)',
        [id, row.domain_id, row.name, seq, by, isoOf(this.clock())],
      );
      return true;
    });
  }
}
