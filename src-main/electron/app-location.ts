import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the renderer is loaded from. Packaged builds always use the file inside the asar; the dev server
 * is honoured only for unpackaged runs, so an environment variable can never point a shipped app at a
 * foreign origin.
 */
export type AppLocation = { kind: 'file'; url: string } | { kind: 'dev'; url: string; origin: string };

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
  const indexHtml = path.join(options.appPath, 'dist', 'renderer', 'index.html');
  return { kind: 'file', url: pathToFileURL(indexHtml).href };
}

/**
 * True when `candidate` is one of the app's own pages. For the file build that is exactly the bundled
 * index.html (any hash or query, which the SPA may use); `file:` URLs have an opaque origin, so comparing
 * origins would admit every local file. For the dev server it is the server's origin.
 */
export function isAppUrl(location: AppLocation, candidate: string): boolean {
  if (!URL.canParse(candidate)) return false;
  const url = new URL(candidate);
  if (location.kind === 'dev') return url.origin === location.origin;
  if (url.protocol !== 'file:') return false;
  url.hash = '';
  url.search = '';
  return url.href === location.url;
}
