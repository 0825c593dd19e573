import { isLoopbackHost } from '../../../src-shared/ipc/models.js';

/**
 * Which proxy a request to `url` goes through: a proxy URL (`http://host:port`), or null for a direct
 * connection. In the Electron build it is the system's answer (session.resolveProxy, see
 * electron/electron-proxy.ts); in plain Node the environment's (envProxyResolver).
 */
export interface ProxyResolver {
  proxyFor(url: URL): Promise<string | null>;
}

/** No proxy at all. */
export const directOnly: ProxyResolver = { proxyFor: () => Promise.resolve(null) };

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY as curl reads them (lower-case names first). This computer
 * (loopback) is never proxied, as Chromium does not proxy it either: a proxy elsewhere cannot reach it.
 */
export function envProxyResolver(env: NodeJS.ProcessEnv = process.env): ProxyResolver {
  const read = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '';
  return {
    proxyFor(url) {
      const proxy = url.protocol === 'https:' ? read('https_proxy') : read('http_proxy');
      if (proxy.trim() === '' || isLoopbackHost(url.hostname) || bypassesProxy(url, read('no_proxy'))) {
        return Promise.resolve(null);
      }
      return Promise.resolve(withScheme(proxy.trim()));
    },
  };
}

/** `proxy:3128` means `http://proxy:3128`, as curl reads it. */
function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/**
 * Whether NO_PROXY exempts a URL: `*` exempts everything; each comma- or space-separated entry is a
 * host (`example.com` covers its subdomains too, a leading `.` or `*.` is the same), optionally with a
 * port, or an IP address.
 */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
    if (!match) continue;
    const name = (match[1] ?? '').replace(/^\*?\./, '');
    if (match[2] !== undefined && match[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * Reads a PAC-style answer (`session.resolveProxy`: `DIRECT`, `PROXY host:port; DIRECT`, `HTTPS h:p`,
 * `SOCKS5 h:p`) as the first entry the app can use: a proxy URL, or null for direct.
 */
export function fromPacResult(result: string): string | null {
  for (const entry of result.split(';')) {
    const [kind = '', address] = entry.trim().split(/\s+/);
    switch (kind.toUpperCase()) {
      case 'DIRECT':
        return null;
      case 'PROXY':
        if (address) return `http://${address}`;
        break;
      case 'HTTPS':
        if (address) return `https://${address}`;
        break;
      // Plain SOCKS in a PAC answer is SOCKS4, which undici does not speak: the next entry is tried.
      case 'SOCKS5':
        if (address) return `socks5://${address}`;
        break;
      default:
        break;
    }
  }
  return null;
}
