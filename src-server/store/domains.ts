import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import { newId } from './ids.js';
import { isoOf } from './time.js';

export interface DomainRow {
  id: string;
  name: string;
  last_seq: number;
  created_at: string;
}

/** Tenants, and each one's change sequence (`last_seq`). */
export class Domains {
  private readonly byNameStmt: Statement<[string], DomainRow>;
  private readonly byIdStmt: Statement<[string], DomainRow>;
  private readonly insertStmt: Statement<[string, string, string]>;
  private readonly countStmt: Statement<[], number>;
  private readonly nextSeqStmt: Statement<[string], number>;
  private readonly currentSeqStmt: Statement<[string], number>;
  private readonly accountCountStmt: Statement<[string], number>;

  constructor(db: Db) {
    this.byNameStmt = db.prepare('SELECT * FROM domains WHERE name = ?');
    this.byIdStmt = db.prepare('SELECT * FROM domains WHERE id = ?');
    this.insertStmt = db.prepare('INSERT INTO domains (id, name, last_seq, created_at) VALUES (?, ?, 0, ?)');
    this.countStmt = db.prepare<[], number>('SELECT count(*) FROM domains').pluck();
    this.nextSeqStmt = db
      .prepare<[string], number>('UPDATE domains SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq')
      .pluck();
    this.currentSeqStmt = db.prepare<[string], number>('SELECT last_seq FROM domains WHERE id = ?').pluck();
    this.accountCountStmt = db.prepare<[string], number>('SELECT service_accounts FROM domains WHERE id = ?').pluck();
  }

  byName(name: string): DomainRow | undefined {
    return this.byNameStmt.get(name);
  }

  byId(id: string): DomainRow | undefined {
    return this.byIdStmt.get(id);
  }

  create(name: string, at: number): DomainRow {
    const id = newId('dom');
    const row: DomainRow = { id, name, last_seq: 0, created_at: isoOf(at) };
    this.insertStmt.run(id, name, row.created_at);
    return row;
  }

  count(): number {
    return this.countStmt.get() ?? 0;
  }

  /** Claims the next value of the domain's change sequence. Call inside the write's transaction. */
  nextSeq(domainId: string): number {
    const seq = this.nextSeqStmt.get(domainId);
    if (seq === undefined) throw new Error(`Unknown domain ${domainId}`);
    return seq;
  }

  /** The domain's number of service accounts, kept by triggers (schema-006-account-count.ts). */
  serviceAccountCount(domainId: string): number {
    return this.accountCountStmt.get(domainId) ?? 0;
  }

  currentSeq(domainId: string): number {
    return this.currentSeqStmt.get(domainId) ?? 0;
  }
}
