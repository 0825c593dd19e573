import { DEFAULT_TOKEN_POLICY } from '../../src-shared/token-policy.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { CreatePersonalTokenBody } from '../../src-shared/api/personal-tokens.js';
import { CreatedToken, CreateTokenBody, PatchTokenBody, RotatedToken } from '../../src-shared/api/tokens.js';
import { TokenMeta } from '../../src-shared/api/models.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { ROLE_NAMES, type RoleName } from '../../src-shared/roles.js';
import { LATEST_INSTANT } from '../../src-shared/validation.js';
import type { MemberRow } from '../store/members.js';
import { readBackEveryList } from '../readback-test-support.js';
import { call, databaseFingerprint } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';
import { sharedAccount } from '../token-test-support.js';

/**
 * Token bodies, generated: dates anywhere from year 0 to past 9999 with any offset, max RPS values in
 * and out of range, names and roles good and bad, at every level. Each answer is a 2xx or a 4xx in the
 * error shape, never a 5xx; a refusal leaves the database as it was; an acceptance is checked against
 * what the shared schema allows, and after it every list is read back and must parse.
 */
const RUNS = 60;
const ACCOUNT_ROLES: RoleName[] = ['Deployment', 'Viewer'];
const LATEST_MS = Date.parse(LATEST_INSTANT);

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** An ISO 8601 text for `ms` as seen at `offsetMinutes` from UTC, as a client could write it. */
function isoAt(ms: number, offsetMinutes: number, millis: boolean): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const fraction = millis ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
  const zone =
    offsetMinutes === 0 && millis
      ? 'Z'
      : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  return `${date}T${time}${fraction}${zone}`;
}

const instant = fc.oneof(
  // Anywhere the four-digit years reach, with any offset.
  fc.integer({ min: Date.parse('0000-01-02T00:00:00Z'), max: Date.parse('9999-12-30T00:00:00Z') }),
  // Around the last instant, on both sides.
  fc.integer({ min: LATEST_MS - 2 * 86_400_000, max: LATEST_MS + 86_400_000 }),
  fc.integer({ min: LATEST_MS - 14 * 3_600_000, max: LATEST_MS + 14 * 3_600_000 }),
  // The near future, where real expiries are.
  fc.integer({ min: Date.parse('2026-03-01T12:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
);
const offsetMinutes = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -14 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
);
const expiresAt = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(instant, offsetMinutes, fc.boolean())
      .map(([ms, offset, millis]) => isoAt(ms, offset, millis))
      .filter((text) => /^\d{4}-/.test(text)),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant('+010000-01-01T00:00:00Z')),
  },
);
const maxRps = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 200_000 }) },
  { weight: 1, arbitrary: fc.oneof(fc.double({ noNaN: true, min: -5, max: 10 }), fc.constantFrom('5', true)) },
);
const tokenName = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._-]{3,20}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
);
const roles = fc.option(
  fc.oneof(
    { weight: 3, arbitrary: fc.subarray(ACCOUNT_ROLES) },
    { weight: 1, arbitrary: fc.subarray([...ROLE_NAMES]) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...ROLE_NAMES), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 12 }), { maxLength: 2 }) },
  ),
  { nil: undefined, freq: 2 },
);
const level = fc.constantFrom('domain' as const, 'admin' as const, 'deprecated' as const, 'personal' as const);

describe('token create, patch and rotate bodies: accepted ones leave every list readable', () => {
  const t = useTestServer('token-properties');
  let account: MemberRow;
  const taken = new Set<string>();
  let accepted = 0;
  const takenPersonal = new Set<string>();

  beforeAll(async () => {
    account = await sharedAccount(t, 'fuzz_tokens', { roles: ACCOUNT_ROLES });
    // About the bodies, not the policy (token-policy tests): any token that never expires is allowed here.
    await t.store.policies.set(
      t.domain.id,
      { ...DEFAULT_TOKEN_POLICY, neverExpiring: { allowedFor: [...ROLE_NAMES] } },
      'admin',
    );
    await readBackEveryList(t.url, t.adminToken);
  });

  /** Sends one write; returns the answer if it was a 2xx, after checking the refusal otherwise. */
  async function write(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<unknown> {
    const before = await databaseFingerprint(t.store);
    const reply = await call(t.url + path, {
      method,
      token: t.adminToken,
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
    const text = JSON.stringify(reply.body).slice(0, 300);
    expect(reply.status, `${method} ${path} ${JSON.stringify(body)}: ${text}`).toBeLessThan(500);
    if (reply.status >= 400) {
      ErrorBody.strict().parse(reply.body);
      expect(await databaseFingerprint(t.store), `${JSON.stringify(body)}: ${text}`).toEqual(before);
      return undefined;
    }
    expect(await readBackEveryList(t.url, t.adminToken)).toBeGreaterThanOrEqual(1);
    return reply.body;
  }

  /** What the shared schema and the server's rules allow, so an acceptance can be checked. */
  function allowed(body: Record<string, unknown>, personal: boolean): boolean {
    const parsed = (personal ? CreatePersonalTokenBody : CreateTokenBody).safeParse(body);
    if (!parsed.success) return false;
    const { name, expiresAt: expiry } = parsed.data;
    if (expiry !== null && Date.parse(expiry) <= t.clock.now()) return false;
    if ((personal ? takenPersonal : taken).has(name)) return false;
    const asked = (body as { roles?: RoleName[] }).roles;
    return personal || asked === undefined || asked.every((r) => ACCOUNT_ROLES.includes(r));
  }

  it('creates at every level: never a 5xx, never a date past 9999, and every list reads after each', async () => {
    await fc.assert(
      fc.asyncProperty(level, tokenName, expiresAt, roles, maxRps, async (where, name, expiry, roleList, rps) => {
        const personal = where === 'personal';
        const body: Record<string, unknown> = personal
          ? { name, expiresAt: expiry }
          : { name, expiresAt: expiry, ...(roleList === undefined ? {} : { roles: roleList }), maxRps: rps };
        const path = {
          domain: apiPath('listServiceAccountTokens', { domain: 'default', id: account.id }),
          admin: apiPath('adminListServiceAccountTokens', { id: account.id }),
          deprecated: apiPath('deprecatedCreateServiceAccountToken'),
          personal: apiPath('listPersonalTokens'),
        }[where];
        const expected = allowed(body, personal);
        const answer = await write(
          'POST',
          path,
          where === 'deprecated' ? { ...body, serviceAccountId: account.id } : body,
        );
        expect(answer !== undefined, `${where} ${JSON.stringify(body)}`).toBe(expected);
        if (answer === undefined) return;
        const { token } = CreatedToken.parse(answer);
        accepted++;
        (personal ? takenPersonal : taken).add(token.name);
        expect(token.expiresAt === null || Date.parse(token.expiresAt) <= LATEST_MS).toBe(true);
        expect(token.expiresAt === null ? null : Date.parse(token.expiresAt)).toBe(
          expiry === null ? null : Date.parse(expiry as string),
        );
      }),
      { numRuns: RUNS },
    );
    // The generators lean towards valid bodies, so acceptances are checked too, not only refusals.
    expect(accepted).toBeGreaterThan(RUNS / 4);
  });

  it('patches and rotations of those tokens: never a 5xx, and every list reads after each', async () => {
    const names = [...taken];
    expect(names.length).toBeGreaterThan(0);
    const patch = fc.record(
      { status: fc.oneof(fc.constantFrom('ACTIVE', 'SUSPENDED'), fc.string({ maxLength: 10 })), maxRps },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), patch, async (name, body) => {
        const answer = await write(
          'PATCH',
          apiPath('updateServiceAccountToken', { domain: 'default', id: account.id, name }),
          body,
        );
        expect(answer !== undefined, JSON.stringify(body)).toBe(PatchTokenBody.safeParse(body).success);
        if (answer !== undefined) TokenMeta.parse(answer);
      }),
      { numRuns: RUNS },
    );
    const grace = fc.oneof(fc.integer({ min: 0, max: 30 * 86_400 }), fc.integer(), fc.double(), fc.string());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), grace, async (name, graceSeconds) => {
        const answer = await write('POST', apiPath('adminRotateServiceAccountToken', { id: account.id, name }), {
          graceSeconds,
        });
        if (answer !== undefined) {
          const rotated = RotatedToken.parse(answer);
          expect(rotated.token.name).toBe(name);
        }
      }),
      { numRuns: 20 },
    );
  });
});
