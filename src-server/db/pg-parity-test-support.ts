/**
 * For the parity tests of the two schemas (pg-parity*.test.ts): the store's own SQLite driver over the
 * SQLite migrations, and a dump of every table of either database in one comparable shape.
 */
import { MIGRATIONS, runMigrations } from './migrations.js';
import type { PostgresSql } from './postgres.js';
import type { SqlValue } from './sql.js';
import { SqliteSql } from './sqlite.js';

export class SqliteSide {
  readonly sql = new SqliteSql(':memory:');

  /** `upTo`: apply the migrations up to this version only (the rest with migrate()). */
  static async open(upTo?: number): Promise<SqliteSide> {
    const side = new SqliteSide();
    await side.migrate(upTo);
    return side;
  }

  async migrate(upTo = Infinity): Promise<void> {
    await runMigrations(
      this.sql,
      MIGRATIONS.filter((m) => m.version <= upTo),
    );
  }
  run(sql: string, params: readonly SqlValue[] = []): Promise<unknown> {
    return this.sql.run(sql, params);
  }
  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.sql.all<T>(sql, params);
  }
  close(): Promise<void> {
    return this.sql.close();
  }
}

type Row = Record<string, unknown>;
export type TableDump = Record<string, { columns: string[]; rows: string[] }>;

/**
 * Every table's columns (in order) and rows, the rows sorted in JS so that no collation decides the
 * order. schema_migrations.applied_at is left out: it is the time each ran.
 */
async function dump(
  tables: string[],
  columnsOf: (table: string) => Promise<string[]>,
  all: (sql: string) => Promise<Row[]>,
): Promise<TableDump> {
  const out: TableDump = {};
  for (const table of [...tables].sort()) {
    const columns = (await columnsOf(table)).filter((c) => !(table === 'schema_migrations' && c === 'applied_at'));
    const rows = (await all(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)).map((row) =>
      JSON.stringify(columns.map((c) => row[c])),
    );
    out[table] = { columns, rows: rows.sort() };
  }
  return out;
}

export async function dumpPostgres(pg: PostgresSql): Promise<TableDump> {
  return dump(
    await pg.column<string>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    ),
    (table) =>
      pg.column<string>(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
        [table],
      ),
    (sql) => pg.all<Row>(sql),
  );
}

export async function dumpSqlite(lite: SqliteSide): Promise<TableDump> {
  const tables = await lite.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  return dump(
    tables.map((r) => r.name),
    async (table) =>
      (await lite.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])).map((r) => r.name),
    (sql) => lite.all<Row>(sql),
  );
}
