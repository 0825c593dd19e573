import type { Session } from 'electron';
import { fromPacResult, type ProxyResolver } from '../services/net/proxy.js';

/** The part of Electron's session this adapter uses. */
export type ProxySession = Pick<Session, 'resolveProxy'>;

/**
 * The system proxy as Chromium sees it (OS settings, PAC scripts, WPAD) for each URL: the app's
 * requests go through undici in main, which knows none of that, so each asks the session first.
 * The Node stand-in is envProxyResolver (HTTPS_PROXY, NO_PROXY).
 */
export function createElectronProxyResolver(session: ProxySession): ProxyResolver {
  return {
    async proxyFor(url) {
      return fromPacResult(await session.resolveProxy(url.href));
    },
  };
}
