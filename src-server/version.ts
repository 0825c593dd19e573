import { readFileSync } from 'node:fs';

/** Set by scripts/build-server.mjs: the bundle in dist/server has no root package.json beside it. */
declare global {
  var TOKENDESK_BUILT_VERSION: string | undefined;
}

/** The package version, reported by /healthz and the OpenAPI document. */
export const SERVER_VERSION: string = (() => {
  if (typeof globalThis.TOKENDESK_BUILT_VERSION === 'string') return globalThis.TOKENDESK_BUILT_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
})();
