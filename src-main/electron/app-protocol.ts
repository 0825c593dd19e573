import { readFile as readFileFromDisk } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, type AppLocation } from './app-location.js';
import { contentSecurityPolicy } from './csp.js';

/**
 * The `app://` scheme's privileges, registered before `ready`: `standard` gives it real origins and
 * relative URLs (the renderer is built with `base: './'`), `secure` makes it a secure context like
 * https, `supportFetchAPI` lets the page fetch its own files. Nothing more: no CORS, no service
 * workers, no bypassing the CSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppProtocolOptions {
  /** Absolute path of dist/renderer: nothing outside it is ever read. */
  rendererDir: string;
  /** The Content-Security-Policy every answer carries. */
  csp: string;
  /** Reads a file; Electron's fs reads inside app.asar. Injected by tests. */
  readFile?: (file: string) => Promise<Uint8Array>;
}

/**
 * The handler for `protocol.handle('app', …)`: answers GET and HEAD for `app://tokendesk/<file>` with
 * the file from dist/renderer, and everything else with an error status. Every answer carries the
 * CSP and `nosniff`, so the policy holds whatever file (or error) a request lands on. A path that
 * leaves dist/renderer once decoded (`..`, encoded slashes or backslashes) is refused like a file
 * that does not exist: 404, without reading anything.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.rendererDir);
  const readFile = options.readFile ?? readFileFromDisk;
  const answer = (status: number, body: BodyInit | null, contentType: string): Response =>
    new Response(body, {
      status,
      headers: {
        'Content-Type': contentType,
        'Content-Security-Policy': options.csp,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  const refuse = (status: number, text: string) => answer(status, text, 'text/plain; charset=utf-8');

  return async (request) => {
    const file = fileFor(root, request.url);
    if (file === null) return refuse(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Only GET and HEAD.');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      // Missing, a folder, or unreadable: all the same to the page.
      return refuse(404, 'Not found.');
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    // A copy the Response owns: a file read may come back as a view into a larger (pooled) buffer.
    return answer(200, request.method === 'HEAD' ? null : new Uint8Array(body), type);
  };
}

/** The file under `root` a request names, or null when it names none (other host, escape, bad escape). */
function fileFor(root: string, requestUrl: string): string | null {
  if (!URL.canParse(requestUrl)) return null;
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  // Resolved, then checked: whatever the decoded path holds, the file must lie inside the root.
  const file = path.resolve(root, `.${relative.replace(/\\/g, '/')}`);
  return file.startsWith(`${root}${path.sep}`) ? file : null;
}

/** Serves the renderer over `app://` when that is where it loads from (not for the dev server). */
export function serveApp(protocol: Pick<Protocol, 'handle'>, location: AppLocation): void {
  if (location.kind !== 'app') return;
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rendererDir: location.rendererDir, csp: contentSecurityPolicy(location) }),
  );
}
