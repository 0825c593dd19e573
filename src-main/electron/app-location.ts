import path from 'node:path';

/** The privileged scheme the renderer is served from, and its one host (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tokendesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Where the renderer is loaded from. Packaged builds (and unpackaged ones without a dev server) load
 * `app://tokendesk/index.html`, served from dist/renderer by the app's own protocol handler: never
 * `file://`, whose `'self'` is every local file and whose responses skip the header hooks. The dev
 * server is honoured only for unpackaged runs, so an environment variable can never point a shipped
 * app at a foreign origin.
 */
export type AppLocation =
  { kind: 'app'; url: string; origin: string; rendererDir: string } | { kind: 'dev'; url: string; origin: string };

export function resolveAppLocation(options: {
  appPath: string;
  isPackaged: boolean;
  devServerUrl: string | undefined;
}): AppLocation {
  if (!options.isPackaged && options.devServerUrl) {
    const url = new URL(options.devServerUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`VITE_DEV_SERVER_URL must be http(s), got ${url.protocol}`);
    }
    return { kind: 'dev', url: url.href, origin: url.origin };
  }
  return {
    kind: 'app',
    url: `${APP_ORIGIN}/index.html`,
    origin: APP_ORIGIN,
    rendererDir: path.join(options.appPath, 'dist', 'renderer'),
  };
}

/**
 * True when `candidate` is one of the app's own pages. For the app scheme that is exactly its
 * index.html (any hash or query, which the SPA may use): the scheme serves only the app's files, but
 * no other one of them is a page to navigate to or to take IPC from. The scheme and host are compared
 * rather than `URL.origin`, which Node's URL leaves opaque for a scheme it does not know. For the dev
 * server it is the server's origin.
 */
export function isAppUrl(location: AppLocation, candidate: string): boolean {
  if (!URL.canParse(candidate)) return false;
  const url = new URL(candidate);
  if (location.kind === 'dev') return url.origin === location.origin;
  const page = new URL(location.url);
  return url.protocol === page.protocol && url.host === page.host && url.pathname === page.pathname;
}
