import type { Sql } from '../db/sql.js';
import { newId } from './ids.js';
import { isoOf } from './time.js';

export interface GroupRow {
  id: string;
  domain_id: string;
  name: string;
  description: string;
  created_by: string;
  created_at: string;
}

export interface GroupRef {
  id: string;
  name: string;
}

const GROUP_COLUMNS = 'id, domain_id, name, description, created_by, created_at';

export class Groups {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  async create(input: {
    domainId: string;
    name: string;
    description?: string;
    by: string;
    at: number;
  }): Promise<GroupRow> {
    const row: GroupRow = {
      id: newId('grp'),
      domain_id: input.domainId,
      name: input.name,
      description: input.description ?? '',
      created_by: input.by,
      created_at: isoOf(input.at),
    };
    await this.sql.run(`INSERT INTO groups (${GROUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
      row.id,
      row.domain_id,
      row.name,
      row.description,
      row.created_by,
      row.created_at,
    ]);
    return row;
  }

  byName(domainId: string, name: string): Promise<GroupRow | undefined> {
    return this.sql.get<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE domain_id = ? AND name = ?`, [
      domainId,
      name,
    ]);
  }

  byId(id: string): Promise<GroupRow | undefined> {
    return this.sql.get<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE id = ?`, [id]);
  }

  list(domainId: string): Promise<GroupRow[]> {
    return this.sql.all<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE domain_id = ? ORDER BY name`, [domainId]);
  }

  /** The groups a member (human or service account) belongs to, by name. */
  ofMember(memberId: string): Promise<GroupRef[]> {
    return this.sql.all<GroupRef>(
      `SELECT g.id, g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
       WHERE gm.member_id = ? ORDER BY g.name`,
      [memberId],
    );
  }
}
