import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { CreateServiceAccountBody, PatchServiceAccountBody } from '../../src-shared/api/service-accounts.js';
import { ErrorBody } from '../../src-shared/errors.js';
import { ROLE_NAMES } from '../../src-shared/roles.js';
import { BODY_LIMIT_BYTES } from '../app.js';
import type { MemberRow } from '../store/members.js';
import { readBackEveryList } from '../readback-test-support.js';
import { addGroup, addServiceAccount, databaseFingerprint } from '../test-support.js';
import { useTestServer } from '../test-server-hooks.js';

/**
 * Bad input, generated: every request below must get a 4xx in the error shape — never a 5xx, never a
 * 2xx — and leave the database exactly as it was. Runs are bounded so the suite stays fast.
 */
const RUNS = 150;
const EXISTING_GROUPS = ['admins', 'team-a'];
const NAME_RULE = /^[a-z0-9_]{3,64}$/;

describe('service-account writes refuse bad input without touching the database', () => {
  const t = useTestServer('sa-properties');
  let target: MemberRow;
  let baseline: Awaited<ReturnType<typeof databaseFingerprint>>;

  beforeAll(async () => {
    await addGroup(t, 'team-a');
    target = await addServiceAccount(t, { name: 'fuzz_target', roles: ['Viewer'], groupIds: [t.adminsGroupId] });
    // The admin token's first use records "last used"; after it, only a write could change the database.
    await fetch(t.url + apiPath('getMe'), { headers: { authorization: `Bearer ${t.adminToken}` } });
    baseline = await databaseFingerprint(t.store);
  });
  // Every request here is refused; after each property, every list still reads and parses.
  afterEach(async () => {
    await readBackEveryList(t.url, t.adminToken);
  });

  async function request(
    method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
    path: string,
    body: string | undefined,
    contentType: string | undefined = 'application/json',
  ): Promise<{ status: number; code: string; details: unknown }> {
    const response = await fetch(t.url + path, {
      method,
      headers: {
        authorization: `Bearer ${t.adminToken}`,
        ...(body !== undefined && contentType ? { 'content-type': contentType } : {}),
      },
      body,
    });
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(response.status, text.slice(0, 300)).toBeLessThan(500);
    const parsed = ErrorBody.strict().parse(JSON.parse(text));
    expect(await databaseFingerprint(t.store)).toEqual(baseline);
    return { status: response.status, code: parsed.error.code, details: parsed.error.details };
  }
  const createPath = () => apiPath('listServiceAccounts', { domain: 'default' });
  const patchPath = () => apiPath('getServiceAccount', { domain: 'default', id: target.id });
  const createJson = async (body: unknown) => await request('POST', createPath(), JSON.stringify(body));
  const patchJson = async (body: unknown) => await request('PATCH', patchPath(), JSON.stringify(body));
  const property = <T>(arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS) =>
    fc.assert(fc.asyncProperty(arb, check), { numRuns });

  const anyString = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.stringMatching(/^[A-Za-z0-9_]{3,64}$/),
    fc.stringMatching(/^[a-z0-9_]{0,2}$/),
    fc.stringMatching(/^[a-z0-9_]{65,90}$/),
  );
  const notAString = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
  );
  const notABoolean = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.constant(null),
    fc.constantFrom('true', 'false', 0, 1),
    fc.array(fc.boolean(), { maxLength: 2 }),
  );
  const notAnArray = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));

  it('names: anything outside 3–64 lowercase letters, digits and underscores', async () => {
    await property(
      anyString.filter((name) => !NAME_RULE.test(name)),
      async (name) => {
        const answer = await createJson({ name, roles: ['Viewer'] });
        expect([answer.status, answer.code]).toEqual([400, 'validation_failed']);
        expect(answer.details).toEqual([expect.objectContaining({ path: 'name' })]);
      },
    );
  });

  it('descriptions: too long, or not a string', async () => {
    await property(fc.oneof(fc.string({ minLength: 1001, maxLength: 3000 }), notAString), async (description) => {
      const create = await createJson({ name: 'fuzz_new', roles: ['Viewer'], description });
      expect([create.status, create.code]).toEqual([400, 'validation_failed']);
      const patch = await patchJson({ description });
      expect([patch.status, patch.code]).toEqual([400, 'validation_failed']);
    });
  });

  it('roles: unknown names, duplicates, too many, wrong element types, not a list', async () => {
    const unknownRole = fc.string({ maxLength: 20 }).filter((r) => !(ROLE_NAMES as readonly string[]).includes(r));
    const roles = fc.oneof(
      fc
        .tuple(fc.array(fc.constantFrom(...ROLE_NAMES), { maxLength: 3 }), unknownRole)
        .map(([ok, bad]) => [...ok, bad]),
      fc.array(fc.constantFrom(...ROLE_NAMES), { minLength: 1, maxLength: 4 }).map((list) => [...list, list[0]!]),
      fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 })), { minLength: 1 }),
      notAnArray,
    );
    await property(roles, async (value) => {
      expect((await createJson({ name: 'fuzz_new', roles: value })).code).toBe('validation_failed');
      expect((await patchJson({ roles: value })).code).toBe('validation_failed');
    });
    // An empty list is well formed; an account left with no role and no grant is 422 (see the patch tests).
    expect((await patchJson({ roles: [] })).code).toBe('unprocessable');
  });

  it('groups: malformed names (400), names that do not exist (422), duplicates, wrong types', async () => {
    const groupName = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{1,20}$/), fc.string({ maxLength: 70 }));
    const groups = fc.oneof(
      fc
        .array(groupName, { minLength: 1, maxLength: 5 })
        .filter((list) => list.some((g) => !EXISTING_GROUPS.includes(g))),
      fc.constantFrom(...EXISTING_GROUPS).map((g) => [g, g]),
      fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.boolean()), { minLength: 1, maxLength: 3 }),
      notAnArray,
    );
    await property(groups, async (value) => {
      const create = await createJson({ name: 'fuzz_new', roles: ['Viewer'], groups: value });
      expect([400, 422]).toContain(create.status);
      const patch = await patchJson({ groups: value });
      expect([400, 422]).toContain(patch.status);
      if (create.status === 422) expect(create.code).toBe('unprocessable');
    });
  });

  it('a wrong JSON type for any one field', async () => {
    const createCase = fc.oneof(
      notAString.map((v) => ({ name: v })),
      notAString.map((v) => ({ name: 'fuzz_new', roles: ['Viewer'], description: v })),
      notAnArray.map((v) => ({ name: 'fuzz_new', roles: v })),
      notAnArray.map((v) => ({ name: 'fuzz_new', roles: ['Viewer'], groups: v })),
      notABoolean.map((v) => ({ name: 'fuzz_new', roles: ['Viewer'], basicAuthEnabled: v })),
      fc
        .oneof(
          notAString,
          fc.record({ serviceAccountId: notAString }),
          fc.record({ role: fc.oneof(fc.string(), fc.integer()) }),
        )
        .filter(
          (v) =>
            !(
              typeof v === 'object' &&
              v !== null &&
              'role' in v &&
              (ROLE_NAMES as readonly unknown[]).includes(v.role)
            ),
        )
        .map((v) => ({ name: 'fuzz_new', copyPermissionsFrom: v })),
    );
    await property(createCase, async (body) => {
      expect((await createJson(body)).code).toMatch(
        poisoned(body) ? /^invalid_json$/ : /^(validation_failed|unknown_fields)$/,
      );
    });
    const patchCase = fc.oneof(
      notAString.map((v) => ({ description: v })),
      notAnArray.map((v) => ({ roles: v })),
      notAnArray.map((v) => ({ groups: v })),
      notABoolean.map((v) => ({ enabled: v })),
      notABoolean.map((v) => ({ basicAuthEnabled: v })),
    );
    await property(patchCase, async (body) => {
      expect((await patchJson(body)).code).toBe(poisoned(body) ? 'invalid_json' : 'validation_failed');
    });
  });

  it('unknown fields are refused by name, never ignored; a name in a patch is name_immutable', async () => {
    const createKeys = Object.keys(CreateServiceAccountBody.shape);
    const patchKeys = Object.keys(PatchServiceAccountBody.shape);
    const extraKey = fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((k) => ![...createKeys, ...patchKeys].includes(k));
    const extras = fc.dictionary(extraKey, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 });
    await property(extras, async (extra) => {
      // A body the JSON parser refuses (prototype poisoning) never reaches the route.
      const expected = poisoned(extra) ? 'invalid_json' : 'unknown_fields';
      const create = await createJson({ name: 'fuzz_new', roles: ['Viewer'], ...extra });
      expect(create.code).toBe(expected);
      const patch = await patchJson({ description: 'x', ...extra });
      expect(patch.code).toBe(expected);
      if (patch.code === 'unknown_fields') {
        const paths = (patch.details as { path: string; code: string }[])
          .filter((d) => d.code === 'unrecognized_keys')
          .map((d) => d.path);
        expect(paths.sort()).toEqual(Object.keys(extra).sort());
      }
    });
    await property(fc.jsonValue({ maxDepth: 2 }), async (name) => {
      const answer = await patchJson({ name, description: 'x' });
      expect(answer.code).toBe(poisoned(name) ? 'invalid_json' : 'name_immutable');
    });
  });

  // Counterexamples the properties above once found, kept as examples so they run every time.
  it('pinned: "__proto__" or "constructor" as a value is data; as a key (with a "prototype") it is refused', async () => {
    const patch = async (text: string) => await request('PATCH', patchPath(), text);
    // A CI run drew this name and expected invalid_json: "__proto__" is the value here, not a key.
    expect((await patch('{"name":{"":"__proto__"},"description":"x"}')).code).toBe('name_immutable');
    expect((await patch('{"name":["__proto__",{"constructor":"prototype"}],"description":"x"}')).code).toBe(
      'name_immutable',
    );
    expect((await patch('{"name":{"constructor":{"x":1}},"description":"x"}')).code).toBe('name_immutable');
    expect((await patch('{"name":{"__proto__":{}},"description":"x"}')).code).toBe('invalid_json');
    expect((await patch('{"name":{"constructor":{"prototype":{}}},"description":"x"}')).code).toBe('invalid_json');
    expect((await patch('{"description":"x","__proto__":1}')).code).toBe('invalid_json');
  });

  it('bodies over the limit are 413', async () => {
    await property(
      fc.record({
        size: fc.integer({ min: BODY_LIMIT_BYTES + 1, max: BODY_LIMIT_BYTES * 3 }),
        field: fc.constantFrom('description', 'padding', 'name'),
        method: fc.constantFrom('POST' as const, 'PATCH' as const),
      }),
      async ({ size, field, method }) => {
        const body = JSON.stringify({ roles: ['Viewer'], [field]: 'x'.repeat(size) });
        const answer = await request(method, method === 'POST' ? createPath() : patchPath(), body);
        expect([answer.status, answer.code]).toEqual([413, 'payload_too_large']);
      },
      25,
    );
  });

  it('bodies that are not JSON: 400 invalid_json as JSON, 415 under any other type', async () => {
    const notJson = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
    await property(notJson, async (text) => {
      expect((await request('POST', createPath(), text)).code).toBe('invalid_json');
      expect((await request('PATCH', patchPath(), text)).code).toBe('invalid_json');
    });
    const otherType = fc.constantFrom(
      'text/plain',
      'text/html',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'image/png',
    );
    await property(fc.tuple(otherType, fc.string({ maxLength: 100 })), async ([type, text]) => {
      const answer = await request('POST', createPath(), text || '{}', type);
      expect([answer.status, answer.code]).toEqual([415, 'unsupported_media_type']);
    });
  });

  it('any JSON value that is not a valid body', async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    await property(
      json.filter((v) => !CreateServiceAccountBody.safeParse(v).success),
      async (value) => void (await createJson(value)),
    );
    await property(
      json.filter((v) => !PatchServiceAccountBody.safeParse(v).success),
      async (value) => void (await patchJson(value)),
    );
    // Deep nesting just under the limit is parsed and refused, not a crash.
    const deep = '['.repeat(30_000) + ']'.repeat(30_000);
    expect((await request('POST', createPath(), deep)).code).toBe('validation_failed');
    expect((await request('PATCH', patchPath(), `{"roles":${deep}}`)).code).toBe('validation_failed');
  });

  it('odd ids and domains in the path are 4xx too', async () => {
    const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 });
    await property(
      fc.tuple(segment, fc.constantFrom('GET' as const, 'PATCH' as const, 'DELETE' as const)),
      async ([id, method]) => {
        await request(
          method,
          apiPath('deleteServiceAccount', { domain: 'default', id }),
          method === 'PATCH' ? '{"description":"x"}' : undefined,
        );
      },
    );
    await property(
      segment.filter((d) => d !== 'default'),
      async (domain) => {
        await request(
          'POST',
          apiPath('createServiceAccount', { domain }),
          JSON.stringify({ name: 'fuzz_new', roles: ['Viewer'] }),
        );
      },
    );
  });
});

/**
 * Whether the server's JSON parser refuses the body as prototype poisoning (400 invalid_json, before
 * any schema sees it, whatever else is wrong with it): an object anywhere in it with a `__proto__` key,
 * or with a `constructor` key whose value is an object with a `prototype` key. Keys only: the same
 * words as values are data.
 */
function poisoned(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(poisoned);
  const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
  if (own(value, '__proto__')) return true;
  if (own(value, 'constructor')) {
    const inner: unknown = Object.getOwnPropertyDescriptor(value, 'constructor')!.value;
    if (typeof inner === 'object' && inner !== null && own(inner, 'prototype')) return true;
  }
  return Object.values(value).some(poisoned);
}
