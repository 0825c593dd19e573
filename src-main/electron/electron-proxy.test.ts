import { describe, expect, it } from 'vitest';
import { createElectronProxyResolver, type ProxySession } from './electron-proxy.js';

describe('the system proxy in the Electron build', () => {
  it('asks the session for each URL and takes the first entry undici can use', async () => {
    const asked: string[] = [];
    const answers: Record<string, string> = {
      'https://tokens.corp.example/': 'PROXY proxy.corp:3128; DIRECT',
      'https://public.example/': 'DIRECT',
    };
    const session: ProxySession = {
      resolveProxy: (url: string) => {
        asked.push(url);
        return Promise.resolve(answers[url] ?? 'DIRECT');
      },
    };
    const resolver = createElectronProxyResolver(session);
    await expect(resolver.proxyFor(new URL('https://tokens.corp.example'))).resolves.toBe('http://proxy.corp:3128');
    await expect(resolver.proxyFor(new URL('https://public.example'))).resolves.toBeNull();
    expect(asked).toEqual(['https://tokens.corp.example/', 'https://public.example/']);
  });
});
