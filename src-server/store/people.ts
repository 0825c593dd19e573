import type { Member } from '../../src-shared/api/directory.js';
import type { RoleName } from '../../src-shared/roles.js';
import type { Sql } from '../db/sql.js';
import type { Groups } from './groups.js';
import { MEMBER_COLUMNS, type MemberRow, type Members } from './members.js';
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
  private readonly sql: Sql;
  private readonly clock: Clock;
  private readonly members: Members;
  private readonly groups: Groups;

  constructor(sql: Sql, clock: Clock, members: Members, groups: Groups) {
    this.sql = sql;
    this.clock = clock;
    this.members = members;
    this.groups = groups;
  }

  /** A live (not deleted) person of the domain. */
  human(domainId: string, id: string): Promise<MemberRow | undefined> {
    return this.sql.get<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE domain_id = ? AND id = ? AND type = 'HUMAN' AND deleted_at IS NULL`,
      [domainId, id],
    );
  }

  async view(row: MemberRow): Promise<Member> {
    return {
      id: row.id,
      name: row.name,
      type: row.type,
      roles: await this.members.rolesOf(row.id),
      groups: (await this.groups.ofMember(row.id)).map((g) => g.name),
      bundles: await this.sql.column<string>(
        `SELECT b.name FROM member_bundles mb JOIN bundles b ON b.id = mb.bundle_id WHERE mb.member_id = ? ORDER BY b.name`,
        [row.id],
      ),
      enabled: row.enabled === 1,
      createdAt: row.created_at,
    };
  }

  updateHuman(id: string, patch: HumanPatch, by: string): Promise<void> {
    return this.sql.transaction(async () => {
      const row = await this.members.get(id);
      if (!row) return;
      const at = isoOf(this.clock());
      const enabled = patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0;
      await this.sql.run('UPDATE members SET enabled = ?, updated_by = ?, updated_at = ? WHERE id = ?', [
        enabled,
        by,
        at,
        id,
      ]);
      await this.members.replaceRolesAndGroups(id, patch, at);
    });
  }

  /**
   * Deletes a person in one transaction: roles and groups go, the row is marked deleted and disabled,
   * and with it every personal token it owns is deactivated (they resolve to a disabled owner).
   */
  deleteHuman(id: string, by: string): Promise<void> {
    return this.sql.transaction(async () => {
      const at = isoOf(this.clock());
      await this.members.replaceRolesAndGroups(id, { roles: [], groupIds: [] }, at);
      // The name is freed for a new member; the row stays so its personal tokens answer owner_disabled.
      await this.sql.run(
        `UPDATE members SET enabled = 0, deleted_at = ?, updated_by = ?, updated_at = ?,
           name = name || '~deleted~' || id WHERE id = ?`,
        [at, by, at, id],
      );
    });
  }

  async describeGroup(groupId: string, description: string): Promise<void> {
    await this.sql.run('UPDATE groups SET description = ? WHERE id = ?', [description, groupId]);
  }

  /** Deletes a group; service accounts in it change (their groups), which sync must see. */
  deleteGroup(groupId: string): Promise<void> {
    return this.sql.transaction(async () => {
      const accounts = await this.sql.column<string>(
        `SELECT gm.member_id FROM group_members gm JOIN members m ON m.id = gm.member_id
         WHERE gm.group_id = ? AND m.type = 'SERVICE_ACCOUNT'`,
        [groupId],
      );
      await this.sql.run('DELETE FROM groups WHERE id = ?', [groupId]);
      for (const account of accounts) await this.members.changed(account);
    });
  }
}
