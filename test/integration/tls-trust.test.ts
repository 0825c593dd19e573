import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-server/server.js';
import type { AppError } from '../../src-shared/errors.js';
import { UntrustedCertificateDetails } from '../../src-shared/ipc/tls.js';
import { envProxyResolver } from '../../src-main/services/net/proxy.js';
import {
  fingerprintOf,
  makeCa,
  makeSelfSigned,
  makeServerCert,
  pinOf,
  TEST_HOST,
  type KeyPair,
} from '../tls/certificates.js';
import { startConnectProxy, type ConnectProxy } from '../tls/connect-proxy.js';
import { startHttpsFront, type HttpsFront } from '../tls/https-front.js';
import { makeRoot, serveDemo, shutDown, startApp, type AppUnderTest } from './helpers.js';

/**
 * The app reaching a server over real TLS (issue 13 § 4), through the real core: a CA and server
 * certificates made with openssl for this test, an HTTPS front on 127.0.0.1 that records every
 * Authorization header it receives, and a local CONNECT proxy. Each case shows what was refused and
 * that the credential never left before the user trusted the certificate.
 */
describe('TLS trust, pinning and proxies ↔ real server', () => {
  const root = makeRoot('tls');
  let server: RunningServer;
  let adminToken: string;
  let ca: KeyPair;
  let signed: KeyPair;
  let selfSigned: KeyPair;
  let front: HttpsFront;
  let proxy: ConnectProxy;
  let app: AppUnderTest;

  /** A connection form's values for the HTTPS front (the fields the renderer would send). */
  const input = (extra: Record<string, string> = {}) => ({
    name: `Server ${Math.random().toString(36).slice(2, 8)}`,
    url: front.url,
    domain: 'default',
    token: adminToken,
    ...extra,
  });
  const refusal = async (channel: 'connections:test' | 'connections:add', payload: unknown): Promise<AppError> => {
    const result = await app.core.handle(channel, payload);
    if (result.ok) throw new Error(`${channel} was expected to be refused`);
    return result.error;
  };
  const credentialsSeen = () => front.seen.filter((s) => s.authorization !== null).length;

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 3, tokensPerAccount: 1, seed: 7 }));
    ca = await makeCa(root.path, 'ca');
    signed = await makeServerCert(root.path, 'server', 'ca');
    selfSigned = await makeSelfSigned(root.path, 'self');
    front = await startHttpsFront(server.url, signed);
    proxy = await startConnectProxy((host) => (host === TEST_HOST ? '127.0.0.1' : host));
    app = await startApp(root.path);
  });

  afterAll(() => shutDown(app, [front, proxy, server], root));

  it('refuses an unknown CA with a clear message and the certificate, and sends no credential', async () => {
    front.seen.length = 0;
    const error = await refusal('connections:test', input());
    expect(error.code).toBe('certificate_untrusted');
    expect(error.message).toMatch(
      /^The certificate of 127\.0\.0\.1 is not signed by an authority this computer trusts\. Nothing was sent\./,
    );
    const { certificate } = UntrustedCertificateDetails.parse(error.details);
    expect(certificate).toMatchObject({
      pin: pinOf(signed.cert),
      fingerprint: fingerprintOf(signed.cert),
      subject: 'O=TokenDesk Tests, CN=localhost',
      issuer: 'O=TokenDesk Tests, CN=TokenDesk Test CA',
    });
    // Save is refused the same way, and nothing is saved.
    expect((await refusal('connections:add', input())).code).toBe('certificate_untrusted');
    expect(await app.call('connections:list')).toEqual([]);
    expect(front.seen).toEqual([]);
  });

  it('trusts a server signed by the connection’s own CA', async () => {
    const result = await app.call('connections:test', input({ caCertificate: ca.cert }));
    expect(result.me.name).toBeTruthy();
    const view = await app.call('connections:add', input({ caCertificate: ca.cert }));
    expect(view).toMatchObject({ caCertificate: ca.cert.trim(), pinnedKey: null });
    expect((await app.settled(view.id)).phase).toBe('idle');
    expect(credentialsSeen()).toBeGreaterThan(0);
    await app.core.handle('connections:remove', { id: view.id });
  });

  it('refuses a CA that is not a certificate, or not an authority, by field', async () => {
    const garbage = await refusal(
      'connections:add',
      input({ caCertificate: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----' }),
    );
    expect(garbage).toMatchObject({ code: 'invalid_request', details: { issues: [{ path: ['caCertificate'] }] } });
    expect(garbage.message).toMatch(/could not be read: it is damaged or not a certificate/);
    const leaf = await refusal('connections:test', input({ caCertificate: signed.cert }));
    expect(leaf.message).toMatch(/is a server certificate, not a certificate authority/);
    const notPem = await refusal('connections:test', input({ caCertificate: 'hello' }));
    expect(notPem.code).toBe('invalid_request');
  });

  it('an accepted (pinned) self-signed key works on the next connect; only then does the credential go', async () => {
    front.present(selfSigned);
    front.seen.length = 0;
    const first = await refusal('connections:test', input());
    expect(first.code).toBe('certificate_untrusted');
    const offered = UntrustedCertificateDetails.parse(first.details).certificate;
    expect(offered.pin).toBe(pinOf(selfSigned.cert));
    expect(front.seen).toEqual([]);

    // "Trust": the offered pin is stored with the connection, then it connects.
    const view = await app.call('connections:add', input({ pinnedKey: offered.pin }));
    expect(view.pinnedKey).toBe(offered.pin);
    expect(await app.settled(view.id)).toMatchObject({ phase: 'idle', error: null });
    expect(credentialsSeen()).toBeGreaterThan(0);
    expect(front.seen.every((s) => s.authorization === `Bearer ${adminToken}`)).toBe(true);
    // The next connect (the saved connection) goes through on the pin alone.
    expect((await app.call('connections:test', { id: view.id })).serverVersion).toBeTruthy();
    // A pin written the curl way without its prefix is the same pin.
    await expect(
      app.call('connections:test', input({ pinnedKey: offered.pin.slice('sha256//'.length) })),
    ).resolves.toBeTruthy();

    // The server now presents another key: refused as changed, with no certificate to trust.
    const changed = await makeSelfSigned(root.path, 'self-2');
    front.present(changed);
    front.seen.length = 0;
    const refused = await refusal('connections:test', { id: view.id });
    expect(refused.code).toBe('certificate_changed');
    expect(refused.message).toMatch(/presented a different key from the one this connection trusts/);
    expect(refused.details).toBeUndefined();
    // A sync is refused the same way, and the connection shows offline, saying why.
    await app.core.handle('sync:run', { connectionId: view.id });
    const link = (await app.call('sync:status', { connectionId: view.id })).link;
    expect(link).toMatchObject({ state: 'offline', code: 'certificate_changed' });
    expect(link.reason).toMatch(/presented a different key/);
    expect(front.seen).toEqual([]);
    await app.core.handle('connections:remove', { id: view.id });
    front.present(signed);
  });

  it('a name the certificate does not cover is refused, not offered', async () => {
    front.present(await makeServerCert(root.path, 'other-name', 'ca', 'DNS:elsewhere.test'));
    const error = await refusal('connections:test', input({ caCertificate: ca.cert }));
    expect(error.code).toBe('certificate_invalid');
    expect(error.message).toMatch(/was issued for a different name/);
    expect(error.details).toBeUndefined();
    front.present(signed);
  });

  it('goes through a CONNECT proxy, end to end: the custom CA and the pin still apply', async () => {
    await app.core.dispose();
    app = await startApp(
      root.path,
      {},
      { proxy: envProxyResolver({ HTTPS_PROXY: proxy.url, NO_PROXY: 'example.org' }) },
    );
    const viaProxy = { url: `https://${TEST_HOST}:${front.port}` };
    proxy.connects.length = 0;
    front.seen.length = 0;

    // Unknown CA through the proxy: refused, offered, nothing sent past the tunnel.
    expect((await refusal('connections:test', input(viaProxy))).code).toBe('certificate_untrusted');
    expect(front.seen).toEqual([]);
    // The custom CA through the proxy.
    const result = await app.call('connections:test', input({ ...viaProxy, caCertificate: ca.cert }));
    expect(result.me.name).toBeTruthy();
    expect(proxy.connects).toContain(`${TEST_HOST}:${front.port}`);
    expect(credentialsSeen()).toBeGreaterThan(0);
    // A pin of another key through the proxy: refused as changed.
    const wrongPin = pinOf(selfSigned.cert);
    expect(
      (await refusal('connections:test', input({ ...viaProxy, caCertificate: ca.cert, pinnedKey: wrongPin }))).code,
    ).toBe('certificate_changed');
  });

  it('a proxy that refuses the tunnel is named as the reason, and nothing reaches the server', async () => {
    const strict = await startConnectProxy(undefined, { refuseWith: 407 });
    await app.core.dispose();
    app = await startApp(root.path, {}, { proxy: envProxyResolver({ https_proxy: strict.url }) });
    front.seen.length = 0;
    try {
      const error = await refusal('connections:test', input({ url: `https://${TEST_HOST}:${front.port}` }));
      expect(error.code).toBe('network_unreachable');
      expect(error.message).toBe(
        `The proxy refused to connect to https://${TEST_HOST}:${front.port} (it answered HTTP 407). Check the proxy settings of this computer.`,
      );
      // (A GET that did not get through is retried, as for any unreachable server: each try asked the proxy.)
      expect(new Set(strict.connects)).toEqual(new Set([`${TEST_HOST}:${front.port}`]));
      expect(front.seen).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
