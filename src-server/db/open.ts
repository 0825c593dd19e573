import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from './migrations.js';
import { runPostgresMigrations } from './pg-migrations.js';
import { PostgresSql } from './postgres.js';
import type { Sql } from './sql.js';
import { SqliteSql } from './sqlite.js';

export const DATABASE_FILE = 'tokendesk.sqlite';

/**
 * Where the server keeps its data: a folder holding the SQLite file (the default), or a PostgreSQL
 * database named by a postgres:// URL (`--database-url`, shared by several instances).
 */
export type DatabaseLocation = string | { databaseUrl: string };

/** The location for startup lines and errors: a folder as it is, a URL with its password masked. */
export function describeLocation(location: DatabaseLocation): string {
  return typeof location === 'string' ? location : maskPassword(location.databaseUrl);
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; text that is not a URL is left alone. */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Opens the server's database and brings its schema up to date: SQLite in a data folder (created if
 * needed; the connection's settings and their reasons are in SqliteSql), or PostgreSQL at a URL
 * (migrations under an advisory lock, so instances starting together apply each once).
 */
export async function openDatabase(location: DatabaseLocation): Promise<Sql> {
  if (typeof location === 'string') return openSqlite(location);
  // Every write bumps its domain's change sequence: writers take turns on the domains table.
  const sql = new PostgresSql({ url: location.databaseUrl, turnTable: 'domains' });
  try {
    await runPostgresMigrations(sql);
    return sql;
  } catch (error) {
    await sql.close();
    throw withMaskedUrl(error, location.databaseUrl);
  }
}

async function openSqlite(dataDir: string): Promise<SqliteSql> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sql = new SqliteSql(join(dataDir, DATABASE_FILE));
  try {
    await runMigrations(sql);
    return sql;
  } catch (error) {
    await sql.close();
    throw error;
  }
}

/** A driver error may quote the URL it was given; the password never leaves through an error message. */
function withMaskedUrl(error: unknown, url: string): unknown {
  if (!(error instanceof Error)) return error;
  for (const secret of passwordForms(url)) error.message = error.message.split(secret).join('***');
  return error;
}

/** The password as written in the URL and decoded, longest first. */
function passwordForms(url: string): string[] {
  try {
    const raw = new URL(url).password;
    return [...new Set([raw, decodeURIComponent(raw)])].filter((p) => p !== '').sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}
