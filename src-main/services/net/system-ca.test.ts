import * as tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { selectSystemCa, systemCa, SYSTEM_BUNDLE_PATHS, type CaSources } from './system-ca.js';

const pem = (label: string) => `-----BEGIN CERTIFICATE-----\n${label}\n-----END CERTIFICATE-----`;

function sources(partial: {
  tls?: Partial<CaSources['tls']>;
  files?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}): CaSources {
  return {
    tls: { rootCertificates: [pem('BUNDLED')], ...partial.tls },
    readFile: (path) => partial.files?.[path] ?? null,
    env: partial.env ?? {},
  };
}

describe('the certificate store every connection trusts', () => {
  it('reads the OS store through tls.getCACertificates where the running Node has it (Electron 45), plus NODE_EXTRA_CA_CERTS', () => {
    const asked: string[] = [];
    const selection = selectSystemCa(
      sources({
        tls: {
          getCACertificates: (type) => {
            asked.push(type);
            return type === 'system' ? [pem('OS-1'), pem('OS-2')] : type === 'extra' ? [pem('EXTRA')] : [];
          },
        },
        // Not read: the store the OS keeps is asked for directly.
        files: { [SYSTEM_BUNDLE_PATHS[0]!]: pem('FILE') },
      }),
    );
    expect(selection).toEqual({ how: 'node-system-store', certificates: [pem('OS-1'), pem('OS-2'), pem('EXTRA')] });
    expect(asked).toEqual(['system', 'extra']);
  });

  it('without getCACertificates (Node 20), reads the system bundle and the NODE_EXTRA_CA_CERTS file', () => {
    const selection = selectSystemCa(
      sources({
        files: { '/etc/ssl/certs/ca-certificates.crt': `${pem('A')}\n${pem('B')}\n`, '/opt/corp.pem': pem('CORP') },
        env: { NODE_EXTRA_CA_CERTS: '/opt/corp.pem' },
      }),
    );
    expect(selection).toEqual({ how: 'system-bundle', certificates: [pem('A'), pem('B'), pem('CORP')] });
  });

  it('falls back to Node’s own list only when the system has no bundle', () => {
    expect(selectSystemCa(sources({ env: {} }))).toEqual({ how: 'node-bundled', certificates: [pem('BUNDLED')] });
  });

  it('on this machine it is the OS store: the Debian bundle under Node 20, the store itself under Node 24', () => {
    const selection = systemCa();
    const hasStoreApi = typeof (tls as { getCACertificates?: unknown }).getCACertificates === 'function';
    expect(selection.how).toBe(hasStoreApi ? 'node-system-store' : 'system-bundle');
    expect(selection.certificates.length).toBeGreaterThan(50);
  });
});
