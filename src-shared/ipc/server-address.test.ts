import { describe, expect, it } from 'vitest';
import { isSameServer, serverAddress } from './server-address.js';

describe('serverAddress / isSameServer', () => {
  it('treats spellings of one address as the same server', () => {
    expect(serverAddress('HTTPS://Tokens.Example.com:443/')).toBe('https://tokens.example.com');
    expect(isSameServer('https://tokens.example.com', 'https://TOKENS.example.com/')).toBe(true);
    expect(isSameServer('http://127.0.0.1:8787', 'http://127.0.0.1:8787//')).toBe(true);
    expect(isSameServer('https://tokens.example.com/api/', 'https://tokens.example.com/api')).toBe(true);
  });

  it('treats another scheme, host, port or path as another server', () => {
    const saved = 'https://tokens.example.com/api';
    for (const other of [
      'http://tokens.example.com/api',
      'https://tokens.example.org/api',
      'https://tokens.example.com:8443/api',
      'https://tokens.example.com/other',
      'https://tokens.example.com',
      'https://tokens.example.com.evil.example/api',
    ]) {
      expect(isSameServer(other, saved), other).toBe(false);
    }
  });

  it('never calls text that is not a URL the same server', () => {
    expect(serverAddress('not a url')).toBeNull();
    expect(isSameServer('not a url', 'not a url')).toBe(false);
  });
});
