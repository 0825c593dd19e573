import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { DATE_RANGE_RULE, LATEST_INSTANT } from '../../src-shared/validation.js';
import { readBackEveryList } from '../readback-test-support.js';
import { databaseFingerprint, send } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { createToken, expectError, request, sharedAccount, tokensUrl, tokenUrl } from '../token-test-support.js';

/** 9999-12-31T23:59:59 at UTC−14 is 10000-01-01T13:59:59Z: past what the store can keep as fixed-width text. */
const PAST_9999 = '9999-12-31T23:59:59-14:00';

describe('dates past year 9999', () => {
  const t = useTestServer('expiry-range');

  it('every token create refuses an expiry after 9999-12-31T23:59:59.999Z UTC: 400, nothing written', async () => {
    const account = await sharedAccount(t, 'far_future');
    await readBackEveryList(t.url, t.adminToken); // the admin token's first use is written now, not below
    const before = await databaseFingerprint(t.store);
    for (const [url, body] of [
      [tokensUrl(t, 'domain', account.id), { name: 'forever', expiresAt: PAST_9999 }],
      [tokensUrl(t, 'admin', account.id), { name: 'forever', expiresAt: PAST_9999 }],
      [
        t.url + apiPath('deprecatedCreateServiceAccountToken'),
        { serviceAccountId: account.id, name: 'forever', expiresAt: PAST_9999 },
      ],
      [t.url + apiPath('createPersonalToken'), { name: 'forever', expiresAt: PAST_9999 }],
      [tokensUrl(t, 'domain', account.id), { name: 'forever', expiresAt: '9999-12-31T23:59:59.9999-00:01' }],
    ] as const) {
      const error = await expectError(request(t, 'POST', url, body), 400, 'validation_failed');
      expect(error.error.details, url).toEqual([
        expect.objectContaining({ path: 'expiresAt', message: DATE_RANGE_RULE }),
      ]);
    }
    expect(await databaseFingerprint(t.store)).toEqual(before);
    await readBackEveryList(t.url, t.adminToken);
  });

  it('the last instant itself is taken, at every level, and every list still reads', async () => {
    const account = await sharedAccount(t, 'last_instant');
    const created = await createToken(t, account.id, { name: 'until-9999', expiresAt: LATEST_INSTANT });
    expect(created.token.expiresAt).toBe(LATEST_INSTANT);
    await createToken(
      t,
      account.id,
      { name: 'with-offset', expiresAt: '9999-12-31T23:59:59+14:00' },
      { level: 'admin' },
    );
    const personal = await send(t.url + apiPath('createPersonalToken'), 'POST', t.adminToken, {
      name: 'until-9999',
      expiresAt: LATEST_INSTANT,
    });
    expect(personal.status).toBe(201);
    expect(await readBackEveryList(t.url, t.adminToken)).toBeGreaterThanOrEqual(2);
  });

  it('an answer that fails its schema rolls its write back: 500 with an error id, the database unchanged', async () => {
    // A value stored before the API refused it (or written around it): the token's last-use time is
    // past year 9999, so any answer that shows this token fails the TokenMeta schema.
    const account = await sharedAccount(t, 'bad_stored_date');
    const made = await createToken(t, account.id, { name: 'poisoned', expiresAt: null });
    await t.store.sql.run('UPDATE tokens SET last_used_at = ? WHERE id = ?', [
      '+010000-01-01T00:00:00.000Z',
      made.token.id,
    ]);
    const before = await databaseFingerprint(t.store);

    const patch = await expectError(
      request(t, 'PATCH', tokenUrl(t, 'domain', account.id, 'poisoned'), { status: 'SUSPENDED' }),
      500,
      'internal',
    );
    const { errorId } = patch.error.details as { errorId: string };
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.errorReports.join('')).toContain(errorId);
    const rotate = await request(t, 'POST', `${tokenUrl(t, 'admin', account.id, 'poisoned')}/rotate`, {
      graceSeconds: 60,
    });
    expect(rotate.status).toBe(500);
    // A rolled-back create has nothing for Location to point at.
    expect(rotate.headers.get('location')).toBeNull();

    expect(await databaseFingerprint(t.store)).toEqual(before);
    expect((await t.store.tokens.get(made.token.id))!.status).toBe('ACTIVE');
  });
});
