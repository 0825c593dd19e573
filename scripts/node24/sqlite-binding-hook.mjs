/**
 * Loaded with `--import` (through NODE_OPTIONS, so every child process gets it too) when the Vitest
 * suites run under Node 24: better-sqlite3's native addon in node_modules is built for this machine's
 * Node 20 and cannot load in Node 24, so its resolution is pointed at the copy built against Node 24's
 * headers (scripts/node24/run-suites.mjs). Nothing else changes, and the Node 20 build stays as it is
 * for every other step. The store's code is untouched: `new Database(file)` finds the addon as always.
 */
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const binding = process.env.TOKENDESK_SQLITE_BINDING;
const ADDON = /\/better-sqlite3\/build\/Release\/better_sqlite3\.node$/;

if (binding) {
  const url = pathToFileURL(binding).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      return ADDON.test(resolved.url) ? { ...resolved, url } : resolved;
    },
  });
}
