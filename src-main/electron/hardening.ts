import type { App, Session, Shell, WebContents } from 'electron';
import type { AppLocation } from './app-location.js';
import { isAppUrl } from './app-location.js';
import { contentSecurityPolicy, withCspHeader } from './csp.js';

/**
 * Session-wide guards: no web permission is ever granted (TokenDesk needs none; the clipboard goes
 * through main), and the app's own pages get a strict CSP header. The `app://` handler sets that
 * header itself (app-protocol.ts); this hook covers the dev server, and `app://` answers too should
 * they pass through it.
 */
export function hardenSession(session: Session, location: AppLocation): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  const policy = contentSecurityPolicy(location);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(location, details.url) && !isSameOriginAsset(location, details.url)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
  });
}

/** Assets next to the app's index.html share its origin and get the same policy. */
function isSameOriginAsset(location: AppLocation, url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (location.kind === 'dev') return parsed.origin === location.origin;
  // Compared by scheme and host: Node's URL leaves the origin of a scheme it does not know opaque.
  return `${parsed.protocol}//${parsed.host}` === location.origin;
}

/**
 * No new windows, no navigation or redirect away from the app's own page, no <webview>. The window
 * factory applies it to its window; `denyByDefault` to every other web contents.
 */
export function lockDownWebContents(contents: WebContents, location: AppLocation): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(location, url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(location, url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Applies the lock-down to every web contents the app ever creates, including ones it did not ask for. */
export function denyByDefault(app: App, location: AppLocation): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, location));
}

/**
 * Opens a link in the user's browser only when it is https and its host is on the allow-list.
 * Nothing calls it yet; it exists so the first external link does not reach for `shell.openExternal`
 * directly.
 */
export async function openExternalIfAllowed(
  shell: Pick<Shell, 'openExternal'>,
  url: string,
  allowedHosts: readonly string[],
): Promise<boolean> {
  if (!isAllowedExternalUrl(url, allowedHosts)) return false;
  await shell.openExternal(url);
  return true;
}

export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' && parsed.username === '' && allowedHosts.includes(parsed.hostname);
}

/** Hosts `openExternalIfAllowed` may open. Empty until the app links anywhere. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [];
