import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultDataDir,
  parseCount,
  parseFlags,
  parsePort,
  parseRedisUrl,
  resolveDatabaseLocation,
  UsageError,
} from './cli-args.js';
import { describeLocation } from './db/open.js';

describe('CLI arguments', () => {
  it('defaults the data folder to XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/data' })).toBe('/srv/data/tokendesk/server');
    expect(defaultDataDir({ XDG_DATA_HOME: '' })).toBe(join(homedir(), '.local', 'share', 'tokendesk', 'server'));
    expect(defaultDataDir({})).toBe(join(homedir(), '.local', 'share', 'tokendesk', 'server'));
  });

  it('accepts ports 0–65535 and counts within their limit', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['-1', '65536', '80.5', '', '0x50']) expect(() => parsePort(bad)).toThrow(UsageError);
    expect(parseCount('accounts', '10000', 10_000)).toBe(10_000);
    expect(() => parseCount('accounts', '10001', 10_000)).toThrow(/--accounts must be/);
  });

  it('turns parse errors into one-line usage errors ending with a full stop', () => {
    expect(() => parseFlags(['--nope'], { port: { type: 'string' } })).toThrow(/^Unknown option '--nope'\.$/);
    expect(parseFlags(['--port', '1'], { port: { type: 'string' } })).toEqual({ port: '1' });
  });

  it('picks PostgreSQL from --database-url, else DATABASE_URL, else SQLite in --data', () => {
    const url = 'postgres://td:pw@db.example:5432/tokendesk';
    expect(resolveDatabaseLocation(undefined, url, {})).toEqual({ databaseUrl: url });
    expect(resolveDatabaseLocation(undefined, undefined, { DATABASE_URL: url })).toEqual({ databaseUrl: url });
    const other = 'postgresql://db2/td';
    expect(resolveDatabaseLocation(undefined, other, { DATABASE_URL: url })).toEqual({ databaseUrl: other });
    expect(resolveDatabaseLocation('/srv/td', undefined, { DATABASE_URL: '' })).toBe('/srv/td');
  });

  it('refuses --data with a database URL, and URLs that are not PostgreSQL, without quoting the URL', () => {
    const url = 'postgres://td:hunter2@db/td';
    expect(() => resolveDatabaseLocation('/srv/td', url, {})).toThrow(/--data .* cannot be used together/);
    expect(() => resolveDatabaseLocation('/srv/td', undefined, { DATABASE_URL: url })).toThrow(/DATABASE_URL/);
    for (const bad of ['mysql://td:hunter2@db/td', 'hunter2', '']) {
      expect(() => resolveDatabaseLocation(undefined, bad, {})).toThrow(UsageError);
      expect(() => resolveDatabaseLocation(undefined, bad, {})).not.toThrow(/hunter2/);
    }
  });

  it('masks the password when it shows where the data is', () => {
    expect(describeLocation({ databaseUrl: 'postgres://td:hunter2@db:5432/td?sslmode=require' })).toBe(
      'postgres://td:***@db:5432/td?sslmode=require',
    );
    expect(describeLocation({ databaseUrl: 'postgres://td@db/td' })).toBe('postgres://td@db/td');
    expect(describeLocation('/srv/td')).toBe('/srv/td');
  });

  it('takes a redis:// or rediss:// URL for --redis-url; empty means none', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(parseRedisUrl('rediss://cache.example:6380/2')).toBe('rediss://cache.example:6380/2');
    expect(parseRedisUrl(undefined)).toBeUndefined();
    expect(parseRedisUrl(' ')).toBeUndefined();
    expect(() => parseRedisUrl('localhost:6379')).toThrow(/must start with redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('not a url')).toThrow(/must be a URL/);
    expect(() => parseRedisUrl('http://cache:6379')).toThrow(UsageError);
  });
});
