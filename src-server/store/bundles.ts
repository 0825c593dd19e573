import type { Bundle } from '../../src-shared/api/bundles.js';
import type { BundleGrant } from '../../src-shared/permissions.js';
import type { Permission } from '../../src-shared/roles.js';
import type { Sql } from '../db/sql.js';
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
const BUNDLE_COLUMNS = 'id, domain_id, name, description, permissions, created_by, created_at, updated_by, updated_at';
const B_COLUMNS = BUNDLE_COLUMNS.split(', ')
  .map((c) => `b.${c}`)
  .join(', ');

export class Bundles {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  async create(input: {
    domainId: string;
    name: string;
    description: string;
    permissions: readonly Permission[];
    by: string;
    at: number;
  }): Promise<BundleRow> {
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
    await this.sql.run(`INSERT INTO bundles (${BUNDLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      row.id,
      row.domain_id,
      row.name,
      row.description,
      row.permissions,
      row.created_by,
      row.created_at,
      row.updated_by,
      row.updated_at,
    ]);
    return row;
  }

  byName(domainId: string, name: string): Promise<BundleRow | undefined> {
    return this.sql.get<BundleRow>(`SELECT ${BUNDLE_COLUMNS} FROM bundles WHERE domain_id = ? AND name = ?`, [
      domainId,
      name,
    ]);
  }

  list(domainId: string): Promise<BundleRow[]> {
    return this.sql.all<BundleRow>(`SELECT ${BUNDLE_COLUMNS} FROM bundles WHERE domain_id = ? ORDER BY name`, [
      domainId,
    ]);
  }

  async update(
    row: BundleRow,
    change: { description?: string; permissions?: readonly Permission[]; by: string; at: number },
  ): Promise<BundleRow> {
    const next: BundleRow = {
      ...row,
      description: change.description ?? row.description,
      permissions: change.permissions === undefined ? row.permissions : JSON.stringify(change.permissions),
      updated_by: change.by,
      updated_at: isoOf(change.at),
    };
    await this.sql.run(
      'UPDATE bundles SET description = ?, permissions = ?, updated_by = ?, updated_at = ? WHERE id = ?',
      [next.description, next.permissions, next.updated_by, next.updated_at, row.id],
    );
    return next;
  }

  async delete(id: string): Promise<void> {
    await this.sql.run('DELETE FROM bundles WHERE id = ?', [id]);
  }

  /** The bundles granted to a member directly, by name. */
  ofMember(memberId: string): Promise<BundleRow[]> {
    return this.sql.all<BundleRow>(
      `SELECT ${B_COLUMNS} FROM member_bundles mb JOIN bundles b ON b.id = mb.bundle_id WHERE mb.member_id = ? ORDER BY b.name`,
      [memberId],
    );
  }

  /** The bundles granted to a group, by name. */
  ofGroup(groupId: string): Promise<BundleRow[]> {
    return this.sql.all<BundleRow>(
      `SELECT ${B_COLUMNS} FROM group_bundles gb JOIN bundles b ON b.id = gb.bundle_id WHERE gb.group_id = ? ORDER BY b.name`,
      [groupId],
    );
  }

  /**
   * What a PERSON holds through bundles: their own and their groups'. Never call it for a service
   * account: accounts take no permissions from bundles (their groups only decide who manages them).
   */
  async heldByPerson(memberId: string): Promise<BundleGrant[]> {
    // A person's own bundles and their groups' bundles, each once.
    const rows = await this.sql.all<BundleRow>(
      `SELECT ${B_COLUMNS} FROM bundles b WHERE b.id IN (
         SELECT bundle_id FROM member_bundles WHERE member_id = ?
         UNION SELECT gb.bundle_id FROM group_bundles gb JOIN group_members gm ON gm.group_id = gb.group_id
               WHERE gm.member_id = ?)
       ORDER BY b.name`,
      [memberId, memberId],
    );
    return rows.map(asGrant);
  }

  /** Replaces a member's bundles with `bundleIds` (the whole new set). */
  setForMember(memberId: string, bundleIds: readonly string[]): Promise<void> {
    return this.sql.transaction(async () => {
      await this.sql.run('DELETE FROM member_bundles WHERE member_id = ?', [memberId]);
      for (const id of bundleIds) {
        await this.sql.run('INSERT INTO member_bundles (member_id, bundle_id) VALUES (?, ?)', [memberId, id]);
      }
    });
  }

  /** Replaces a group's bundles with `bundleIds` (the whole new set). */
  setForGroup(groupId: string, bundleIds: readonly string[]): Promise<void> {
    return this.sql.transaction(async () => {
      await this.sql.run('DELETE FROM group_bundles WHERE group_id = ?', [groupId]);
      for (const id of bundleIds) {
        await this.sql.run('INSERT INTO group_bundles (group_id, bundle_id) VALUES (?, ?)', [groupId, id]);
      }
    });
  }
}
