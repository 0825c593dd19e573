import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
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

export class Groups {
  private readonly insertStmt: Statement<[string, string, string, string, string, string]>;
  private readonly byNameStmt: Statement<[string, string], GroupRow>;
  private readonly byIdStmt: Statement<[string], GroupRow>;
  private readonly listStmt: Statement<[string], GroupRow>;
  private readonly ofMemberStmt: Statement<[string], GroupRef>;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO groups (id, domain_id, name, description, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byNameStmt = db.prepare('SELECT * FROM groups WHERE domain_id = ? AND name = ?');
    this.byIdStmt = db.prepare('SELECT * FROM groups WHERE id = ?');
    this.listStmt = db.prepare('SELECT * FROM groups WHERE domain_id = ? ORDER BY name');
    this.ofMemberStmt = db.prepare(
      `SELECT g.id, g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
       WHERE gm.member_id = ? ORDER BY g.name`,
    );
  }

  create(input: { domainId: string; name: string; description?: string; by: string; at: number }): GroupRow {
    const row: GroupRow = {
      id: newId('grp'),
      domain_id: input.domainId,
      name: input.name,
      description: input.description ?? '',
      created_by: input.by,
      created_at: isoOf(input.at),
    };
    this.insertStmt.run(row.id, row.domain_id, row.name, row.description, row.created_by, row.created_at);
    return row;
  }

  byName(domainId: string, name: string): GroupRow | undefined {
    return this.byNameStmt.get(domainId, name);
  }

  byId(id: string): GroupRow | undefined {
    return this.byIdStmt.get(id);
  }

  list(domainId: string): GroupRow[] {
    return this.listStmt.all(domainId);
  }

  /** The groups a member (human or service account) belongs to, by name. */
  ofMember(memberId: string): GroupRef[] {
    return this.ofMemberStmt.all(memberId);
  }
}
