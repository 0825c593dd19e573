import type { Statement } from 'better-sqlite3';
import type { Member } from '../../src-shared/api/directory.js';
import type { RoleName } from '../../src-shared/roles.js';
import type { Db } from '../db/open.js';
import type { Groups } from './groups.js';
import type { MemberRow, Members } from './members.js';
import { isoOf, type Clock } from './time.js';

export interface HumanPatch {
  roles?: readonly RoleName[];
  groupIds?: readonly string[];
  enabled?: boolean;
}

/**
 * Writes to people and groups (member.manage). Each method runs in its own transaction, which nests
 * inside the route's, so the change and its audit row commit together.
 */
export class People {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly members: Members;
  private readonly groups: Groups;
  private readonly humanStmt: Statement<[string, string], MemberRow>;
  private readonly setEnabledStmt: Statement<[number, string, string, string]>;
  private readonly markDeletedStmt: Statement<{ id: string; at: string; by: string }>;
  private readonly describeGroupStmt: Statement<[string, string]>;
  private readonly deleteGroupStmt: Statement<[string]>;
  private readonly accountsInGroupStmt: Statement<[string], string>;
  private readonly bundleNamesStmt: Statement<[string], string>;

  constructor(db: Db, clock: Clock, members: Members, groups: Groups) {
    this.db = db;
    this.clock = clock;
    this.members = members;
    this.groups = groups;
    this.humanStmt = db.prepare(
      "SELECT * FROM members WHERE domain_id = ? AND id = ? AND type = 'HUMAN' AND deleted_at IS NULL",
    );
    this.setEnabledStmt = db.prepare('UPDATE members SET enabled = ?, updated_by = ?, updated_at = ? WHERE id = ?');
    // The name is freed for a new member; the row stays so its personal tokens answer owner_disabled.
    this.markDeletedStmt = db.prepare(
      `UPDATE members SET enabled = 0, deleted_at = @at, updated_by = @by, updated_at = @at,
         name = name || '~deleted~' || id WHERE id = @id`,
    );
    this.describeGroupStmt = db.prepare('UPDATE groups SET description = ? WHERE id = ?');
    this.deleteGroupStmt = db.prepare('DELETE FROM groups WHERE id = ?');
    this.accountsInGroupStmt = db
      .prepare<[string], string>(
        `SELECT gm.member_id FROM group_members gm JOIN members m ON m.id = gm.member_id
         WHERE gm.group_id = ? AND m.type = 'SERVICE_ACCOUNT'`,
      )
      .pluck();
    this.bundleNamesStmt = db
      .prepare<[string], string>(
        `SELECT b.name FROM member_bundles mb JOIN bundles b ON b.id = mb.bundle_id WHERE mb.member_id = ? ORDER BY b.name`,
      )
      .pluck();
  }

  /** A live (not deleted) person of the domain. */
  human(domainId: string, id: string): MemberRow | undefined {
    return this.humanStmt.get(domainId, id);
  }

  view(row: MemberRow): Member {
    return {
      id: row.id,
      name: row.name,
      type: row.type,
      roles: this.members.rolesOf(row.id),
      groups: this.groups.ofMember(row.id).map((g) => g.name),
      bundles: this.bundleNamesStmt.all(row.id),
      enabled: row.enabled === 1,
      createdAt: row.created_at,
    };
  }

  updateHuman(id: string, patch: HumanPatch, by: string): void {
    this.db.transaction(() => {
      const row = this.members.get(id);
      if (!row) return;
      const at = isoOf(this.clock());
      const enabled = patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0;
      this.setEnabledStmt.run(enabled, by, at, id);
      this.members.replaceRolesAndGroups(id, patch, at);
    })();
  }

  /**
   * Deletes a person in one transaction: roles and groups go, the row is marked deleted and disabled,
   * and with it every personal token it owns is deactivated (they resolve to a disabled owner).
   */
  deleteHuman(id: string, by: string): void {
    this.db.transaction(() => {
      const at = isoOf(this.clock());
      this.members.replaceRolesAndGroups(id, { roles: [], groupIds: [] }, at);
      this.markDeletedStmt.run({ id, at, by });
    })();
  }

  describeGroup(groupId: string, description: string): void {
    this.describeGroupStmt.run(description, groupId);
  }

  /** Deletes a group; service accounts in it change (their groups), which sync must see. */
  deleteGroup(groupId: string): void {
    this.db.transaction(() => {
      const accounts = this.accountsInGroupStmt.all(groupId);
      this.deleteGroupStmt.run(groupId);
      for (const account of accounts) this.members.changed(account);
    })();
  }
}
