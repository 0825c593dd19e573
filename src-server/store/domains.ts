import type { Sql } from '../db/sql.js';
import { newId } from './ids.js';
import { isoOf } from './time.js';

export interface DomainRow {
  id: string;
  name: string;
  last_seq: number;
  created_at: string;
}

const DOMAIN_COLUMNS = 'id, name, last_seq, created_at';

/** Tenants, and each one's change sequence (`last_seq`). */
export class Domains {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  byName(name: string): Promise<DomainRow | undefined> {
    return this.sql.get<DomainRow>(`SELECT ${DOMAIN_COLUMNS} FROM domains WHERE name = ?`, [name]);
  }

  byId(id: string): Promise<DomainRow | undefined> {
    return this.sql.get<DomainRow>(`SELECT ${DOMAIN_COLUMNS} FROM domains WHERE id = ?`, [id]);
  }

  async create(name: string, at: number): Promise<DomainRow> {
    const id = newId('dom');
    const row: DomainRow = { id, name, last_seq: 0, created_at: isoOf(at) };
    await this.sql.run('INSERT INTO domains (id, name, last_seq, created_at) VALUES (?, ?, 0, ?)', [
      id,
      name,
      row.created_at,
    ]);
    return row;
  }

  async count(): Promise<number> {
    return (await this.sql.value<number>('SELECT count(*) FROM domains')) ?? 0;
  }

  /** Claims the next value of the domain's change sequence. Call inside the write's transaction. */
  async nextSeq(domainId: string): Promise<number> {
    const seq = await this.sql.value<number>(
      'UPDATE domains SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
      [domainId],
    );
    if (seq === undefined) throw new Error(`Unknown domain ${domainId}`);
    return seq;
  }

  async currentSeq(domainId: string): Promise<number> {
    return (await this.position(domainId)).lastSeq;
  }

  /**
   * The domain's change sequence and its number of service accounts (kept by triggers:
   * schema-006-account-count.ts), read together: a list's first page needs both.
   */
  async position(domainId: string): Promise<{ lastSeq: number; serviceAccounts: number }> {
    const row = await this.sql.get<{ last_seq: number; service_accounts: number }>(
      'SELECT last_seq, service_accounts FROM domains WHERE id = ?',
      [domainId],
    );
    return { lastSeq: row?.last_seq ?? 0, serviceAccounts: row?.service_accounts ?? 0 };
  }
}
