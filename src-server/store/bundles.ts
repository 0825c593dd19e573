import type { Statement } from 'better-sqlite3';
import type { Bundle } from '../../src-shared/api/bundles.js';
import type { BundleGrant } from '../../src-shared/permissions.js';
import type { Permission } from '../../src-shared/roles.js';
import type { Db } from '../db/open.js';
import { newId } from './ids.js';
import { isoOf } from './time.js';

/** A bundle as stored (schema-010-bundles.ts): permissions are a JSON array of catalogue names. */
export interface BundleRow {
  id: string;
  domain_id: string;
  name: string;
  description: string;
  permissions: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** The API's shape of a bundle. */
export function bundleView(row: BundleRow): Bundle {
  return {
    name: row.name,
    description: row.description,
    permissions: JSON.parse(row.permissions) as Permission[],
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

const asGrant = (row: Pick<BundleRow, 'name' | 'permissions'>): BundleGrant => ({
  name: row.name,
  permissions: JSON.parse(row.permissions) as Permission[],
});

/**
 * Domain authorization bundles and who holds them. Callers pass catalogue names only (the routes turn
 * aliases into them), so what is stored is what every answer shows. Each write is one statement or
 * runs inside the caller's transaction, together with its audit entry.
 */
export class Bundles {
  private readonly insertStmt: Statement<[string, string, string, string, string, string, string, string, string]>;
  private readonly byNameStmt: Statement<[string, string], BundleRow>;
  private readonly listStmt: Statement<[string], BundleRow>;
  private readonly updateStmt: Statement<[string, string, string, string, string]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly ofMemberStmt: Statement<[string], BundleRow>;
  private readonly ofGroupStmt: Statement<[string], BundleRow>;
  private readonly heldByStmt: Statement<[string, string], BundleRow>;
  private readonly clearMemberStmt: Statement<[string]>;
  private readonly grantMemberStmt: Statement<[string, string]>;
  private readonly clearGroupStmt: Statement<[string]>;
  private readonly grantGroupStmt: Statement<[string, string]>;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.insertStmt = db.prepare(
      `INSERT INTO bundles (id, domain_id, name, description, permissions, created_by, created_at, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byNameStmt = db.prepare('SELECT * FROM bundles WHERE domain_id = ? AND name = ?');
    this.listStmt = db.prepare('SELECT * FROM bundles WHERE domain_id = ? ORDER BY name');
    this.updateStmt = db.prepare(
      'UPDATE bundles SET description = ?, permissions = ?, updated_by = ?, updated_at = ? WHERE id = ?',
    );
    this.deleteStmt = db.prepare('DELETE FROM bundles WHERE id = ?');
    this.ofMemberStmt = db.prepare(
      `SELECT b.* FROM member_bundles mb JOIN bundles b ON b.id = mb.bundle_id WHERE mb.member_id = ? ORDER BY b.name`,
    );
    this.ofGroupStmt = db.prepare(
      `SELECT b.* FROM group_bundles gb JOIN bundles b ON b.id = gb.bundle_id WHERE gb.group_id = ? ORDER BY b.name`,
    );
    // A person's own bundles and their groups' bundles, each once.
    this.heldByStmt = db.prepare(
      `SELECT b.* FROM bundles b WHERE b.id IN (
         SELECT bundle_id FROM member_bundles WHERE member_id = ?
         UNION SELECT gb.bundle_id FROM group_bundles gb JOIN group_members gm ON gm.group_id = gb.group_id
               WHERE gm.member_id = ?)
       ORDER BY b.name`,
    );
    this.clearMemberStmt = db.prepare('DELETE FROM member_bundles WHERE member_id = ?');
    this.grantMemberStmt = db.prepare('INSERT INTO member_bundles (member_id, bundle_id) VALUES (?, ?)');
    this.clearGroupStmt = db.prepare('DELETE FROM group_bundles WHERE group_id = ?');
    this.grantGroupStmt = db.prepare('INSERT INTO group_bundles (group_id, bundle_id) VALUES (?, ?)');
  }

  create(input: {
    domainId: string;
    name: string;
    description: string;
    permissions: readonly Permission[];
    by: string;
    at: number;
  }): BundleRow {
    const at = isoOf(input.at);
    const row: BundleRow = {
      id: newId('bdl'),
      domain_id: input.domainId,
      name: input.name,
      description: input.description,
      permissions: JSON.stringify(input.permissions),
      created_by: input.by,
      created_at: at,
      updated_by: input.by,
      updated_at: at,
    };
    this.insertStmt.run(
      row.id,
      row.domain_id,
      row.name,
      row.description,
      row.permissions,
      row.created_by,
      row.created_at,
      row.updated_by,
      row.updated_at,
    );
    return row;
  }

  byName(domainId: string, name: string): BundleRow | undefined {
    return this.byNameStmt.get(domainId, name);
  }

  list(domainId: string): BundleRow[] {
    return this.listStmt.all(domainId);
  }

  update(
    row: BundleRow,
    change: { description?: string; permissions?: readonly Permission[]; by: string; at: number },
  ): BundleRow {
    const next: BundleRow = {
      ...row,
      description: change.description ?? row.description,
      permissions: change.permissions === undefined ? row.permissions : JSON.stringify(change.permissions),
      updated_by: change.by,
      updated_at: isoOf(change.at),
    };
    this.updateStmt.run(next.description, next.permissions, next.updated_by, next.updated_at, row.id);
    return next;
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }

  /** The bundles granted to a member directly, by name. */
  ofMember(memberId: string): BundleRow[] {
    return this.ofMemberStmt.all(memberId);
  }

  /** The bundles granted to a group, by name. */
  ofGroup(groupId: string): BundleRow[] {
    return this.ofGroupStmt.all(groupId);
  }

  /**
   * What a PERSON holds through bundles: their own and their groups'. Never call it for a service
   * account: accounts take no permissions from bundles (their groups only decide who manages them).
   */
  heldByPerson(memberId: string): BundleGrant[] {
    return this.heldByStmt.all(memberId, memberId).map(asGrant);
  }

  /** Replaces a member's bundles with `bundleIds` (the whole new set). */
  setForMember(memberId: string, bundleIds: readonly string[]): void {
    this.db.transaction(() => {
      this.clearMemberStmt.run(memberId);
      for (const id of bundleIds) this.grantMemberStmt.run(memberId, id);
    })();
  }

  /** Replaces a group's bundles with `bundleIds` (the whole new set). */
  setForGroup(groupId: string, bundleIds: readonly string[]): void {
    this.db.transaction(() => {
      this.clearGroupStmt.run(groupId);
      for (const id of bundleIds) this.grantGroupStmt.run(groupId, id);
    })();
  }
}
