import type { AppLocation } from './app-location.js';

/**
 * The renderer talks to main only over IPC, so it needs no network at all: everything but the app's own
 * scripts, styles, images and fonts is refused. `'self'` is `app://tokendesk`, whose handler serves only
 * dist/renderer and sends this policy as a header on every answer (app-protocol.ts); index.html
 * carries it in a meta tag as well, for any load that bypasses the handler.
 */
const PACKAGED_POLICY: Readonly<Record<string, string>> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'none'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
  'form-action': "'none'",
  'frame-src': "'none'",
  'worker-src': "'none'",
};

/**
 * Vite's dev server injects the React refresh preamble inline, inline styles for HMR, and talks to its
 * websocket; the dev policy allows exactly that for its own origin and nothing more.
 */
function devPolicy(origin: string): Record<string, string> {
  const ws = origin.replace(/^http/, 'ws');
  return {
    ...PACKAGED_POLICY,
    'script-src': "'self' 'unsafe-inline'",
    'style-src': "'self' 'unsafe-inline'",
    'connect-src': `'self' ${ws}`,
  };
}

export function contentSecurityPolicy(location: AppLocation): string {
  const policy = location.kind === 'dev' ? devPolicy(location.origin) : PACKAGED_POLICY;
  return Object.entries(policy)
    .map(([directive, value]) => `${directive} ${value}`)
    .join('; ');
}

/** Returns the response headers with any CSP the response carried replaced by ours. */
export function withCspHeader(headers: Record<string, string[]> | undefined, policy: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
