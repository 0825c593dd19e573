import type { Statement } from 'better-sqlite3';
import { inCatalogueOrder } from '../../src-shared/permissions.js';
import { ROLE_NAMES, type Permission, type RoleName } from '../../src-shared/roles.js';
import type { Db } from '../db/open.js';
import type { Domains } from './domains.js';
import { newId } from './ids.js';
import { TokenSummary } from './token-summary.js';
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

/** Humans and service accounts, their roles and group memberships, and service-account deletion. */
export class Members {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly domains: Domains;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly getStmt: Statement<[string], MemberRow>;
  private readonly byNameStmt: Statement<[string, string], MemberRow>;
  private readonly rolesStmt: Statement<[string], string>;
  private readonly clearRolesStmt: Statement<[string]>;
  private readonly addRoleStmt: Statement<[string, string]>;
  private readonly clearGroupsStmt: Statement<[string]>;
  private readonly addGroupStmt: Statement<[string, string, string]>;
  private readonly setSeqStmt: Statement<[number, string]>;
  private readonly tokenSummary: TokenSummary;
  /** What changed() needs, without the summary columns. */
  private readonly kindStmt: Statement<[string], Pick<MemberRow, 'type' | 'domain_id'>>;
  /** Accounts changed inside `batch()`, whose summaries are refreshed once at its end. */
  private deferred: Set<string> | null = null;
  private readonly updateStmt: Statement<unknown[]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly tombstoneStmt: Statement<unknown[]>;
  private readonly countSaStmt: Statement<[string], number>;
  private readonly saIdsStmt: Statement<[string], string>;

  constructor(db: Db, clock: Clock, domains: Domains) {
    this.db = db;
    this.clock = clock;
    this.domains = domains;
    this.insertStmt = db.prepare(
      `INSERT INTO members (id, domain_id, type, name, description, description_lc, enabled, basic_auth_enabled,
         created_by, created_at, updated_by, updated_at, seq, grants, denies)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare('SELECT * FROM members WHERE id = ?');
    this.byNameStmt = db.prepare('SELECT * FROM members WHERE domain_id = ? AND name = ?');
    this.rolesStmt = db.prepare<[string], string>('SELECT role FROM member_roles WHERE member_id = ?').pluck();
    this.clearRolesStmt = db.prepare('DELETE FROM member_roles WHERE member_id = ?');
    this.addRoleStmt = db.prepare('INSERT OR IGNORE INTO member_roles (member_id, role) VALUES (?, ?)');
    this.clearGroupsStmt = db.prepare('DELETE FROM group_members WHERE member_id = ?');
    this.addGroupStmt = db.prepare(
      'INSERT OR IGNORE INTO group_members (group_id, member_id, added_at) VALUES (?, ?, ?)',
    );
    this.setSeqStmt = db.prepare('UPDATE members SET seq = ? WHERE id = ?');
    this.tokenSummary = new TokenSummary(db);
    this.kindStmt = db.prepare('SELECT type, domain_id FROM members WHERE id = ?');
    this.updateStmt = db.prepare(
      `UPDATE members SET description = ?, description_lc = ?, enabled = ?, basic_auth_enabled = ?,
         grants = ?, denies = ?, updated_by = ?, updated_at = ?, seq = ? WHERE id = ?`,
    );
    this.deleteStmt = db.prepare('DELETE FROM members WHERE id = ?');
    this.tombstoneStmt = db.prepare(
      'INSERT INTO sa_tombstones (id, domain_id, name, seq, deleted_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.countSaStmt = db
      .prepare<[string], number>("SELECT count(*) FROM members WHERE domain_id = ? AND type = 'SERVICE_ACCOUNT'")
      .pluck();
    this.saIdsStmt = db
      .prepare<[string], string>("SELECT id FROM members WHERE domain_id = ? AND type = 'SERVICE_ACCOUNT'")
      .pluck();
  }

  create(input: NewMember): MemberRow {
    return this.db.transaction((): MemberRow => {
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
        seq: input.type === 'SERVICE_ACCOUNT' ? this.domains.nextSeq(input.domainId) : 0,
        grants: overridesJson(input.grants),
        denies: overridesJson(input.denies),
      };
      this.insertStmt.run(
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
      );
      for (const role of input.roles) this.addRoleStmt.run(row.id, role);
      for (const groupId of input.groupIds ?? []) this.addGroupStmt.run(groupId, row.id, at);
      if (row.type === 'SERVICE_ACCOUNT') this.refreshSummary(row.id);
      const created = this.getStmt.get(row.id);
      if (!created) throw new Error('member vanished inside its own transaction');
      return created;
    })();
  }

  get(id: string): MemberRow | undefined {
    return this.getStmt.get(id);
  }

  byName(domainId: string, name: string): MemberRow | undefined {
    return this.byNameStmt.get(domainId, name);
  }

  rolesOf(id: string): RoleName[] {
    return sortRoles(this.rolesStmt.all(id));
  }

  countServiceAccounts(domainId: string): number {
    return this.countSaStmt.get(domainId) ?? 0;
  }

  serviceAccountIds(domainId: string): string[] {
    return this.saIdsStmt.all(domainId);
  }

  /** Adds a member to a group; for a service account this is a change that sync must see. */
  addToGroup(memberId: string, groupId: string): void {
    this.db.transaction(() => {
      const info = this.addGroupStmt.run(groupId, memberId, isoOf(this.clock()));
      if (info.changes > 0) this.changed(memberId);
    })();
  }

  /**
   * Records a change to a service account or one of its tokens, inside the write's transaction: the
   * account takes the next sequence value (what `changesSince` reads) and its list summary is
   * recomputed. Every write path calls this; nothing else may change those rows.
   */
  changed(memberId: string): void {
    const row = this.kindStmt.get(memberId);
    if (!row || row.type !== 'SERVICE_ACCOUNT') return;
    this.setSeqStmt.run(this.domains.nextSeq(row.domain_id), memberId);
    this.refreshSummary(memberId);
  }

  /**
   * As `changed`, for a change to some of the account's tokens only: the summary is patched for those
   * tokens instead of recomputed from all of them, so a write costs the same however many tokens the
   * account has. Falls back to the full recompute when the summary is stale.
   */
  tokensChanged(memberId: string, tokenIds: readonly string[]): void {
    const row = this.kindStmt.get(memberId);
    if (!row || row.type !== 'SERVICE_ACCOUNT') return;
    this.setSeqStmt.run(this.domains.nextSeq(row.domain_id), memberId);
    if (this.deferred) {
      this.deferred.add(memberId);
      return;
    }
    const now = isoOf(this.clock());
    if (!this.tokenSummary.apply(memberId, tokenIds, now)) this.tokenSummary.recompute(memberId, now);
  }

  /**
   * Runs a bulk write (the demo seeder) with summaries refreshed once per account at the end instead
   * of after every token. Call inside a transaction so no reader sees the summaries in between.
   */
  batch<T>(fn: () => T): T {
    if (this.deferred) return fn();
    this.deferred = new Set();
    try {
      const result = fn();
      const now = isoOf(this.clock());
      for (const id of this.deferred) this.tokenSummary.recompute(id, now);
      return result;
    } finally {
      this.deferred = null;
    }
  }

  private refreshSummary(memberId: string): void {
    if (this.deferred) this.deferred.add(memberId);
    else this.tokenSummary.recompute(memberId, isoOf(this.clock()));
  }

  updateServiceAccount(id: string, patch: ServiceAccountPatch, by: string): MemberRow | undefined {
    return this.db.transaction((): MemberRow | undefined => {
      const row = this.getStmt.get(id);
      if (!row || row.type !== 'SERVICE_ACCOUNT') return undefined;
      const at = isoOf(this.clock());
      const description = patch.description ?? row.description;
      const enabled = patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0;
      const basic = patch.basicAuthEnabled === undefined ? row.basic_auth_enabled : patch.basicAuthEnabled ? 1 : 0;
      const grants = patch.grants === undefined ? row.grants : overridesJson(patch.grants);
      const denies = patch.denies === undefined ? row.denies : overridesJson(patch.denies);
      const seq = this.domains.nextSeq(row.domain_id);
      this.updateStmt.run(description, description.toLowerCase(), enabled, basic, grants, denies, by, at, seq, id);
      this.replaceRolesAndGroups(id, patch, at);
      this.refreshSummary(id);
      return this.getStmt.get(id);
    })();
  }

  /**
   * Replaces a member's roles and/or groups (a list left out stays as it is), joined `at`. Call it inside
   * the change's own transaction; a service account's summary is the caller's to refresh.
   */
  replaceRolesAndGroups(
    id: string,
    change: { roles?: readonly string[] | undefined; groupIds?: readonly string[] | undefined },
    at: string,
  ): void {
    if (change.roles) {
      this.clearRolesStmt.run(id);
      for (const role of change.roles) this.addRoleStmt.run(id, role);
    }
    if (change.groupIds) {
      this.clearGroupsStmt.run(id);
      for (const groupId of change.groupIds) this.addGroupStmt.run(groupId, id, at);
    }
  }

  /** Deletes a service account with its tokens and leaves a tombstone so incremental sync sees it go. */
  deleteServiceAccount(id: string, by: string): boolean {
    return this.db.transaction((): boolean => {
      const row = this.getStmt.get(id);
      if (!row || row.type !== 'SERVICE_ACCOUNT') return false;
      const seq = this.domains.nextSeq(row.domain_id);
      this.deleteStmt.run(id);
      this.tombstoneStmt.run(id, row.domain_id, row.name, seq, by, isoOf(this.clock()));
      return true;
    })();
  }
}
