import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN } from '../../src-server/bootstrap.js';
import type { RunningServer } from '../../src-server/server.js';
import type { AuditEvent } from '../../src-shared/api/directory.js';
import type { ServiceAccount } from '../../src-shared/api/models.js';
import { apiPath } from '../../src-shared/api/paths.js';
import {
  connectAndSync,
  inDays,
  makeRoot,
  secretsAtRest,
  sendToServer,
  serveDemo,
  shutDown,
  startApp,
  type AppUnderTest,
} from './helpers.js';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Scan a folder… through the core against the REAL server: a folder holding one live token, one
 * revoked as leaked, one with a bad checksum and one in a file .gitignore leaves out. The scan finds
 * the two real ones, the server says which is live, and Revoke ends it with the file as the source.
 */
describe('folder scan: core ↔ real server', () => {
  const root = makeRoot('leak-scan');
  const folder = join(root.path, 'project');
  let server: RunningServer;
  let adminToken: string;
  let app: AppUnderTest;
  let connectionId: string;
  let account: ServiceAccount;
  const secrets: Record<'live' | 'revoked' | 'ignored', string> = { live: '', revoked: '', ignored: '' };

  const mint = async (name: string) => {
    const reply = await sendToServer<{ secret: string }>(
      server.url,
      adminToken,
      'POST',
      apiPath('createServiceAccountToken', { domain: DEFAULT_DOMAIN, id: account.id }),
      { name, expiresAt: inDays(30) },
    );
    expect(reply.status).toBe(201);
    return reply.body.secret;
  };

  beforeAll(async () => {
    ({ server, adminToken } = await serveDemo(root.path, { accounts: 2, tokensPerAccount: 1 }));
    const list = await sendToServer<{ items: ServiceAccount[] }>(
      server.url,
      adminToken,
      'GET',
      apiPath('listServiceAccounts', { domain: DEFAULT_DOMAIN }),
    );
    // The admin manages this one (the same-group rule): its first account in the admins group.
    account = list.body.items.find((a) => a.groups.includes('admins'))!;
    secrets.live = await mint('scan-live');
    secrets.revoked = await mint('scan-revoked');
    secrets.ignored = await mint('scan-ignored');
    const report = await sendToServer(server.url, '', 'POST', apiPath('reportLeaks'), [
      { token: secrets.revoked, source: 'an earlier report' },
    ]);
    expect(report.status).toBe(200);

    mkdirSync(join(folder, 'config'), { recursive: true });
    mkdirSync(join(folder, 'notes'));
    mkdirSync(join(folder, 'secrets'));
    writeFileSync(join(folder, '.gitignore'), 'secrets/\n');
    writeFileSync(join(folder, 'config', 'prod.env'), `# deploy\nREGION=eu\nTOKENDESK_TOKEN=${secrets.live}\n`);
    writeFileSync(join(folder, 'notes', 'old.txt'), `rotated last spring: ${secrets.revoked}\n`);
    const bad = secrets.live.slice(0, -1) + (secrets.live.endsWith('A') ? 'B' : 'A');
    writeFileSync(join(folder, 'bad.txt'), `typo: ${bad}\n`);
    writeFileSync(join(folder, 'secrets', 'ignored.env'), `TOKEN=${secrets.ignored}\n`);

    app = await startApp(root.path, {}, { dialogs: { pickFolder: () => Promise.resolve(folder) } });
    connectionId = (await connectAndSync(app, { name: 'Local', url: server.url, token: adminToken })).id;
  });
  afterAll(() => shutDown(app, [server], root));

  it('finds the live and the revoked token, not the bad checksum or the ignored file, and the server says which is live', async () => {
    const report = (await app.call('leakScan:run'))!;
    expect(report.root).toBe(folder);
    expect(report.findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ['config/prod.env', 3, 17],
      ['notes/old.txt', 1, 22],
    ]);
    expect(report.badChecksum).toBe(1);
    const [lookup] = report.lookups;
    expect(lookup).toMatchObject({ connectionId, name: 'Local', problem: null });
    const state = (secret: string) => lookup!.items.find((i) => i.digest === sha256Hex(secret));
    expect(state(secrets.live)).toMatchObject({ state: 'live', accountName: account.name, kind: 'serviceAccount' });
    expect(state(secrets.live)?.token?.name).toBe('scan-live');
    expect(state(secrets.revoked)).toMatchObject({ state: 'revoked' });
    // Never a secret in what main answers.
    expect(JSON.stringify(report)).not.toContain(secrets.live.slice(7));
  });

  it('Revoke ends the live token through the admin’s own call; the audit names the admin and the file', async () => {
    const source = join(folder, 'config', 'prod.env');
    const answer = await app.call('leakScan:revoke', { connectionId, digests: [sha256Hex(secrets.live)], source });
    expect(answer.items).toMatchObject([{ result: 'revoked', token: { name: 'scan-live', status: 'REVOKED_LEAKED' } }]);
    const use = await sendToServer(server.url, secrets.live, 'GET', apiPath('getMe'));
    expect(use.status).toBe(401);
    expect(use.body).toMatchObject({ error: { code: 'token_leaked' } });
    const audit = await sendToServer<{ items: AuditEvent[] }>(
      server.url,
      adminToken,
      'GET',
      apiPath('listAuditEvents', { domain: DEFAULT_DOMAIN }),
    );
    const event = audit.body.items.find(
      (e) => e.action === 'token.revoke_leaked' && e.resourceName.endsWith('/scan-live'),
    );
    expect(event).toMatchObject({ actor: 'admin' });
    expect(JSON.stringify(event)).toContain(source);
    // The scan again: now revoked.
    const again = (await app.call('leakScan:run'))!;
    expect(again.lookups[0]!.items.find((i) => i.digest === sha256Hex(secrets.live))?.state).toBe('revoked');
  });

  it('keeps no secret it found anywhere in its data folder', async () => {
    await app.core.settle();
    expect(await secretsAtRest(app, Object.values(secrets))).toEqual([]);
  });
});
