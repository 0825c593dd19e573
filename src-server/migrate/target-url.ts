/**
 * The PostgreSQL address given on the command line: checked, shown without its password, and kept out
 * of every message the command prints.
 */
import { UsageError } from '../cli-args.js';
import { postgresPoolConfig } from '../db/postgres.js';

/** The URL from --database-url, else DATABASE_URL; a usage error when neither is a PostgreSQL URL. */
export function targetUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = flag ?? env.DATABASE_URL;
  if (url === undefined || url.trim() === '') {
    throw new UsageError('Give the target database with --database-url postgres://… (or DATABASE_URL).');
  }
  try {
    postgresPoolConfig(url);
  } catch (error) {
    // postgresPoolConfig's messages name the scheme at most, never the URL itself.
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}.`);
  }
  return url;
}

/** The URL with its password replaced by ***, to show which database is meant. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** `text` with the URL's password (as written and decoded) replaced by ***. */
export function withoutPassword(text: string, url: string): string {
  const written = new URL(url).password;
  if (!written) return text;
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
    // A malformed escape: only the written form can appear.
  }
  return [written, decoded].reduce((out, secret) => out.split(secret).join('***'), text);
}
