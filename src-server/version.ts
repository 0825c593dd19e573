import { readFileSync } from 'node:fs';

/** The package version, reported by /healthz and the OpenAPI document. */
export const SERVER_VERSION: string = (() => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
})();
