import type { Group, Member } from '../../src-shared/api/directory.js';
import { jsonGroupArray, perDialect, text } from '../db/json-sql.js';
import type { Dialect, Sql } from '../db/sql.js';
import { sortRoles } from './members.js';

interface GroupListRow {
  id: string;
  name: string;
  description: string;
  members_total: number;
  member_count: number;
  bundles: string;
}

interface MemberListRow {
  id: string;
  name: string;
  type: 'HUMAN' | 'SERVICE_ACCOUNT';
  enabled: 0 | 1;
  created_at: string;
  roles: string;
  groups: string;
  bundles: string;
}

/**
 * Every group of a domain with its counts. People are few and found through members_by_name; service
 * accounts are the rest of the group (members_total, kept by triggers), so the read does not grow with
 * the accounts.
 */
export const groupListSql = perDialect(
  (d: Dialect) => `SELECT g.id, g.name, g.description, g.members_total,
    (SELECT count(*) FROM members m JOIN group_members gm ON gm.group_id = g.id AND gm.member_id = m.id
      WHERE m.domain_id = g.domain_id AND m.type = 'HUMAN') AS member_count,
    (SELECT ${jsonGroupArray(d, text('b.name'), 'b.name')} FROM group_bundles gb JOIN bundles b ON b.id = gb.bundle_id
      WHERE gb.group_id = g.id) AS bundles
  FROM groups g WHERE g.domain_id = ? ORDER BY g.name`,
);

/** The domain's people, each with roles, groups and bundles as JSON arrays. */
const humansSql = perDialect(
  (d: Dialect) => `SELECT m.id, m.name, m.type, m.enabled, m.created_at,
         (SELECT ${jsonGroupArray(d, text('r.role'))} FROM member_roles r WHERE r.member_id = m.id) AS roles,
         (SELECT ${jsonGroupArray(d, text('g.name'), 'g.name')} FROM group_members gm JOIN groups g ON g.id = gm.group_id
           WHERE gm.member_id = m.id) AS groups,
         (SELECT ${jsonGroupArray(d, text('b.name'), 'b.name')} FROM member_bundles mb JOIN bundles b ON b.id = mb.bundle_id
           WHERE mb.member_id = m.id) AS bundles
       FROM members m WHERE m.domain_id = ? AND m.type = 'HUMAN' AND m.deleted_at IS NULL ORDER BY m.name`,
);

/** Read side of groups and people, for the app's pickers (`…/groups`, `…/members`). */
export class Directory {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /** Every group of a domain by name, with how many people and service accounts are in each. */
  async groups(domainId: string): Promise<Group[]> {
    return (await this.sql.all<GroupListRow>(groupListSql(this.sql.dialect), [domainId])).map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      memberCount: row.member_count,
      serviceAccountCount: row.members_total - row.member_count,
      bundles: JSON.parse(row.bundles) as string[],
    }));
  }

  /** People only: service accounts are not members of the domain and never appear in its member list. */
  async humans(domainId: string): Promise<Member[]> {
    return (await this.sql.all<MemberListRow>(humansSql(this.sql.dialect), [domainId])).map((row) => ({
      id: row.id,
      name: row.name,
      type: row.type,
      roles: sortRoles(JSON.parse(row.roles) as string[]),
      groups: JSON.parse(row.groups) as string[],
      bundles: JSON.parse(row.bundles) as string[],
      enabled: row.enabled === 1,
      createdAt: row.created_at,
    }));
  }
}
