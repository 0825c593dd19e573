import { apiPath } from '../../src-shared/api/paths.js';
import { DEFAULT_TOKEN_POLICY } from '../../src-shared/token-policy.js';
import { connect } from './connect.js';
import { expect, inDays, test, type RunningServer } from './fixtures.js';
import { shot } from './screens.js';

/** A request to the real server as the admin (a body goes as JSON). */
async function asAdmin<T>(server: RunningServer, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${server.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const domain = 'default';

/** A service account in one of the admin's groups with these tokens (name → expiry in days); answers its id and the secrets. */
async function accountWith(server: RunningServer, name: string, tokens: Record<string, number>, group = 'admins') {
  const account = await asAdmin<{ id: string }>(server, 'POST', apiPath('createServiceAccount', { domain }), {
    name,
    description: 'Made by the Attention test',
    roles: ['Deployment'],
    groups: [group],
  });
  const secrets: Record<string, string> = {};
  for (const [token, days] of Object.entries(tokens)) {
    const made = await asAdmin<{ secret: string }>(
      server,
      'POST',
      apiPath('createServiceAccountToken', { domain, id: account.id }),
      { name: token, expiresAt: inDays(days) },
    );
    secrets[token] = made.secret;
  }
  return { id: account.id, secrets };
}

test('Attention: expiring, leaked and policy-breaking tokens; a bulk suspend with a dry run, and a row the server refuses', async ({
  server,
  openApp,
}) => {
  const watched = await accountWith(server, 'attention_e2e', { 'soon-one': 3, 'soon-two': 5, leaked: 20, long: 200 });
  // The admin is in a second group for now, with an account in it alone.
  const me = await asAdmin<{ id: string }>(server, 'GET', apiPath('getMe'));
  await asAdmin(server, 'POST', apiPath('createGroup', { domain }), { name: 'attention-temp' });
  await asAdmin(server, 'PATCH', apiPath('updateMember', { domain, id: me.id }), {
    groups: ['admins', 'attention-temp'],
  });
  await accountWith(server, 'attention_moved', { 'moved-soon': 2 }, 'attention-temp');
  // Reported by anyone who found it: revoked as leaked at once.
  const report = await fetch(server.url + apiPath('reportLeaks'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ token: watched.secrets.leaked, source: 'a paste site' }]),
  });
  expect(report.status).toBe(200);
  // A cap the 200-day token breaks: made before the policy, it is listed, not changed.
  await asAdmin(server, 'PUT', apiPath('putTokenPolicy', { domain }), {
    ...DEFAULT_TOKEN_POLICY,
    serviceAccountTokens: { maxLifetimeDays: 90 },
  });

  const app = await openApp({ viewport: { width: 1200, height: 780 } });
  await connect(app, server, server.adminToken, 122);
  const { page } = app;
  // After the sync the admin leaves that group on the server: what the app has is older.
  await asAdmin(server, 'PATCH', apiPath('updateMember', { domain, id: me.id }), { groups: ['admins'] });

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Attention/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Attention', level: 1 })).toBeVisible();
  const group = (name: RegExp) => page.getByRole('region', { name });
  const soon = group(/^Expiring within 7 days/);
  await expect(soon.getByRole('rowheader', { name: /soon-one/ })).toBeVisible();
  await expect(soon.getByRole('rowheader', { name: /moved-soon/ })).toBeVisible();
  await expect(group(/^Revoked as leaked/).getByRole('rowheader', { name: /leaked/ })).toBeVisible();
  const policy = group(/^Breaking the domain's token policy/);
  await expect(policy.getByRole('row', { name: /long/ })).toContainText('the domain allows at most 90 days');
  // The demo data brings unused and never-used tokens of its own.
  await expect(group(/^Unused for more than 90 days/)).toBeVisible();
  await expect(page.getByText(/data from/)).toBeVisible();
  await shot(page, 'attention-view');

  for (const [row, of] of [
    ['soon-one', 'attention_e2e'],
    ['soon-two', 'attention_e2e'],
    ['moved-soon', 'attention_moved'],
  ]) {
    await soon.getByRole('checkbox', { name: `Select ${row} of ${of}` }).check();
  }
  await group(/^Revoked as leaked/)
    .getByRole('checkbox', { name: 'Select leaked of attention_e2e' })
    .check();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Suspend…' }).click();

  const dry = page.getByRole('dialog', { name: 'Suspend tokens: dry run' });
  const willChange = dry.getByRole('region', { name: 'Will be suspended' });
  await expect(willChange.getByRole('listitem')).toHaveCount(3);
  await expect(dry.getByRole('region', { name: 'Refused' })).toContainText(
    'was revoked as leaked and can never be used again',
  );
  await shot(page, 'attention-dry-run');
  await dry.getByRole('button', { name: 'Suspend 3 tokens' }).click();

  const done = page.getByRole('dialog', { name: 'Suspend tokens' });
  await expect(done.getByRole('status')).toHaveText('Suspended: 2. Failed: 1.');
  const results = done.getByRole('list', { name: 'Results' });
  // The server's own refusal, on that row alone: the admin no longer shares a group with its account.
  await expect(results.getByRole('listitem').first()).toContainText('moved-soon');
  await expect(results.getByRole('listitem').first()).toContainText(/Failed: .*same group/);
  await shot(page, 'attention-bulk-results');

  const tokens = await asAdmin<{ items: { name: string; status: string }[] }>(
    server,
    'GET',
    apiPath('listServiceAccountTokens', { domain, id: watched.id }),
  );
  expect(Object.fromEntries(tokens.items.map((t) => [t.name, t.status]))).toMatchObject({
    'soon-one': 'SUSPENDED',
    'soon-two': 'SUSPENDED',
    leaked: 'REVOKED_LEAKED',
    long: 'ACTIVE',
  });
  await done.getByRole('button', { name: 'Close' }).click();
  // The view follows: the suspended tokens are no longer expiring-and-active.
  await expect(soon.getByRole('rowheader', { name: /soon-one/ })).toBeHidden();
});
