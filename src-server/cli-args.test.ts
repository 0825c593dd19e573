import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseCount, parseFlags, parsePort, parseRedisUrl, UsageError } from './cli-args.js';

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
