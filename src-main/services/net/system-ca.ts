import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { pemBlocks } from './certificates.js';

/** The Debian/Ubuntu system bundle; other Linux systems' paths are tried after it. */
export const SYSTEM_BUNDLE_PATHS = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
];

/** What the selection reads: the `tls` module (for `getCACertificates` where the running Node has it), files, env. */
export interface CaSources {
  tls: {
    getCACertificates?: (type: 'default' | 'system' | 'bundled' | 'extra') => string[];
    rootCertificates: readonly string[];
  };
  readFile: (path: string) => string | null;
  env: NodeJS.ProcessEnv;
}

export type CaSelection = { how: 'node-system-store' | 'system-bundle' | 'node-bundled'; certificates: string[] };

/**
 * The authorities every connection trusts: the operating system's store. A `ca` given to TLS replaces
 * Node's default list, so this list must be whole.
 * - Where the running Node can read the OS store (`tls.getCACertificates('system')`: Node 23.5+, so
 *   Electron 45): that store, plus NODE_EXTRA_CA_CERTS ('extra').
 * - Else (Node 20 here): the system bundle file, plus the file NODE_EXTRA_CA_CERTS names.
 * - Only when neither yields anything (no bundle on this system): Node's own Mozilla list, so the app
 *   still reaches public servers.
 */
export function selectSystemCa(sources: CaSources): CaSelection {
  const extraFile = sources.env.NODE_EXTRA_CA_CERTS;
  const { getCACertificates } = sources.tls;
  if (typeof getCACertificates === 'function') {
    const system = getCACertificates('system');
    if (system.length > 0)
      return { how: 'node-system-store', certificates: unique([...system, ...getCACertificates('extra')]) };
  } else {
    for (const path of SYSTEM_BUNDLE_PATHS) {
      const bundle = pemBlocks(sources.readFile(path) ?? '');
      if (bundle.length === 0) continue;
      const extra = extraFile ? pemBlocks(sources.readFile(extraFile) ?? '') : [];
      return { how: 'system-bundle', certificates: unique([...bundle, ...extra]) };
    }
  }
  const extra = extraFile ? pemBlocks(sources.readFile(extraFile) ?? '') : [];
  return { how: 'node-bundled', certificates: unique([...sources.tls.rootCertificates, ...extra]) };
}

function unique(list: string[]): string[] {
  return [...new Set(list.map((pem) => pem.trim()))];
}

let cached: CaSelection | null = null;

/** The selection for this process, read once (the OS store does not change under a running app often enough to re-read per request). */
export function systemCa(): CaSelection {
  cached ??= selectSystemCa({
    tls: tls,
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    env: process.env,
  });
  return cached;
}
