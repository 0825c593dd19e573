import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DatabaseLocation } from './db/open.js';

/** A bad command line: the CLI prints the message on one line and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `${XDG_DATA_HOME:-$HOME/.local/share}/tokendesk/server` */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() !== '' ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'tokendesk', 'server');
}

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}".`);
  }
  return Number(text);
}

export function parseCount(flag: string, text: string, max: number): number {
  if (!/^\d{1,6}$/.test(text) || Number(text) > max) {
    throw new UsageError(`--${flag} must be a whole number from 0 to ${max}, not "${text}".`);
  }
  return Number(text);
}

/** node:util parseArgs in strict mode, its errors turned into one-line usage errors. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const first =
      (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() || 'Invalid arguments';
    throw new UsageError(/[.!?]$/.test(first) ? first : `${first}.`);
  }
}

/** `--redis-url` (or REDIS_URL): a redis:// or rediss:// URL; empty or unset means none. */
export function parseRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--redis-url must be a URL such as redis://127.0.0.1:6379.');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`--redis-url must start with redis:// or rediss://, not ${url.protocol}//.`);
  }
  return value;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `--trust-proxy`: comma-separated addresses, CIDR ranges (10.0.0.0/8, fd00::/8) or the names
 * loopback, linklocal, uniquelocal. Only these proxies' X-Forwarded-For is believed.
 */
export function parseTrustProxy(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new UsageError('--trust-proxy needs at least one address or range.');
  for (const entry of entries) {
    if (PROXY_NAMES.includes(entry)) continue;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new UsageError(
        `--trust-proxy takes addresses, CIDR ranges or ${PROXY_NAMES.join(', ')}, separated by commas; "${entry}" is none of those.`,
      );
    }
  }
  return entries;
}

export function resolveDataDir(value: string | undefined): string {
  if (value !== undefined && value.trim() === '') throw new UsageError('--data needs a folder path.');
  return resolve(value ?? defaultDataDir());
}

/**
 * SQLite in `--data` (or the default folder), or PostgreSQL at `--database-url`, else at env
 * DATABASE_URL. A URL with --data is refused rather than one silently ignored. Messages never quote the
 * URL: it may hold a password.
 */
export function resolveDatabaseLocation(
  data: string | undefined,
  databaseUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseLocation {
  const fromEnv = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL : undefined;
  const url = databaseUrl ?? fromEnv;
  if (url === undefined) return resolveDataDir(data);
  const source = databaseUrl === undefined ? 'DATABASE_URL' : '--database-url';
  if (data !== undefined) {
    throw new UsageError(`--data (SQLite) and ${source} (PostgreSQL) cannot be used together: give one.`);
  }
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new UsageError(`${source} must be a URL such as postgres://user:password@host:5432/database.`);
  }
  if (scheme !== 'postgres:' && scheme !== 'postgresql:') {
    throw new UsageError(`${source} must start with postgres:// or postgresql://, not ${scheme}//.`);
  }
  return { databaseUrl: url };
}

/** Runs a CLI body: usage errors exit 2 with one line on stderr, other failures exit 1. */
export async function runCli(name: string, main: () => Promise<void> | void): Promise<void> {
  // Whoever reads the output may go away (a log collector restarting, `| head`): a write to that closed
  // pipe fails with EPIPE on the stream, and unhandled that would crash the server in the middle of
  // requests or of a graceful drain, or stop a copy half way. The lines are lost; the work is not.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  try {
    await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message} Run with --help for usage.\n`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  }
}
