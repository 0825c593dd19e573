import { describe, expect, it } from 'vitest';
import { bypassesProxy, envProxyResolver, fromPacResult } from './proxy.js';

describe('proxies', () => {
  it('takes HTTPS_PROXY for https and HTTP_PROXY for http (lower case first, scheme optional)', async () => {
    const resolver = envProxyResolver({ HTTPS_PROXY: 'proxy.corp:3128', http_proxy: 'http://web.corp:80' });
    await expect(resolver.proxyFor(new URL('https://tokens.example.com'))).resolves.toBe('http://proxy.corp:3128');
    // Plain http reaches only this computer (ServerUrl), which is never proxied.
    await expect(resolver.proxyFor(new URL('http://127.0.0.1:8080'))).resolves.toBeNull();
    await expect(
      envProxyResolver({ http_proxy: 'http://web.corp:80' }).proxyFor(new URL('http://[::1]:1')),
    ).resolves.toBeNull();
    await expect(envProxyResolver({}).proxyFor(new URL('https://tokens.example.com'))).resolves.toBeNull();
  });

  it('leaves loopback and NO_PROXY hosts direct', async () => {
    const resolver = envProxyResolver({ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'internal.corp, .lan,10.0.0.5' });
    await expect(resolver.proxyFor(new URL('https://localhost:8443'))).resolves.toBeNull();
    await expect(resolver.proxyFor(new URL('https://tokens.internal.corp'))).resolves.toBeNull();
    await expect(resolver.proxyFor(new URL('https://a.lan'))).resolves.toBeNull();
    await expect(resolver.proxyFor(new URL('https://10.0.0.5'))).resolves.toBeNull();
    await expect(resolver.proxyFor(new URL('https://notinternal.corp'))).resolves.toBe('http://p:1');
  });

  it('reads NO_PROXY entries as curl does: *, domains with subdomains, *. and leading dots, ports', () => {
    const url = new URL('https://tokens.example.com');
    expect(bypassesProxy(url, '*')).toBe(true);
    expect(bypassesProxy(url, 'example.com')).toBe(true);
    expect(bypassesProxy(url, '*.example.com')).toBe(true);
    expect(bypassesProxy(url, '.example.com')).toBe(true);
    expect(bypassesProxy(url, 'example.com:443')).toBe(true);
    expect(bypassesProxy(url, 'example.com:8443')).toBe(false);
    expect(bypassesProxy(url, 'ample.com')).toBe(false);
    expect(bypassesProxy(url, '')).toBe(false);
    expect(bypassesProxy(new URL('https://[fd00::1]:9000'), '[fd00::1]:9000')).toBe(true);
  });

  it('reads the system’s (PAC-style) answer: the first entry the app can use', () => {
    expect(fromPacResult('DIRECT')).toBeNull();
    expect(fromPacResult('PROXY proxy.corp:8080; DIRECT')).toBe('http://proxy.corp:8080');
    expect(fromPacResult('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
    expect(fromPacResult('SOCKS old.corp:1080; PROXY p:3128')).toBe('http://p:3128');
    expect(fromPacResult('SOCKS5 s.corp:1080')).toBe('socks5://s.corp:1080');
    expect(fromPacResult('')).toBeNull();
  });
});
