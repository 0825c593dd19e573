import { describe, expect, it } from 'vitest';
import { ConnectionInput } from './models.js';
import { CaCertificatePem, PinnedKey } from './tls.js';

const B64 = 'r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=';

describe('TLS settings of a connection', () => {
  it('takes a pin as sha256//base64 or bare base64, and keeps the first form', () => {
    expect(PinnedKey.parse(`sha256//${B64}`)).toBe(`sha256//${B64}`);
    expect(PinnedKey.parse(`  ${B64} `)).toBe(`sha256//${B64}`);
    expect(PinnedKey.parse('')).toBeNull();
  });

  it('refuses a pin that is not a SHA-256 in base64, in plain words', () => {
    for (const bad of ['sha256//short', 'sha1//AAAA', `sha256//${B64.slice(1)}`, 'ab:cd:ef']) {
      const parsed = PinnedKey.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/^Enter the key as sha256\/\/ followed by 44 base64 characters/);
    }
  });

  it('takes a CA in PEM form only (main then parses every certificate)', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(CaCertificatePem.parse(`\n${pem}\n`)).toBe(pem);
    expect(CaCertificatePem.parse('   ')).toBeNull();
    expect(CaCertificatePem.safeParse('MIIBxTCCAWug').error?.issues[0]?.message).toMatch(
      /^Paste the certificate in PEM form/,
    );
    expect(CaCertificatePem.safeParse('x'.repeat(70_000)).success).toBe(false);
  });

  it('both are optional in a connection', () => {
    const base = { name: 'P', url: 'https://t.example.com', domain: 'default', token: 'tdk_pt_x' };
    expect(ConnectionInput.parse(base)).not.toHaveProperty('pinnedKey');
    expect(ConnectionInput.parse({ ...base, pinnedKey: B64 }).pinnedKey).toBe(`sha256//${B64}`);
  });
});
