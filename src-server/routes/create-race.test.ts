import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiPath } from '../../src-shared/api/paths.js';
import { buildApp } from '../app.js';
import { bootstrapIfEmpty } from '../bootstrap.js';
import type { Store } from '../store/store.js';
import { call, openTestStore } from '../test-support.js';

/**
 * Two server instances can both find a name free before either commits its create; the later insert
 * then breaks the UNIQUE index. Here the race is forced: the create's "is the name free?" lookup
 * answers "free" once although the row exists, as it would for the instance that checked first. The
 * answer must be the same 409 name_taken a plain duplicate gets, never a 500.
 */
describe('a create that passed the name check but lost the race to another instance', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  let token: string;
  let accountId: string;
  const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();

  const post = (path: string, body: unknown) =>
    call<{ error?: { code: string; message: string }; id?: string }>(url + path, {
      method: 'POST',
      token,
      body: JSON.stringify(body),
      contentType: 'application/json',
    });

  /** The lookup answers "free" for `name` once (the check ran before the other create committed). */
  const missOnce = (target: object, method: string, name: string) => {
    const host = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = host[method]!.bind(target);
    let missed = false;
    return vi.spyOn(host, method).mockImplementation(async (...args: unknown[]) => {
      if (!missed && args.includes(name)) {
        missed = true;
        return undefined;
      }
      return original(...args);
    });
  };

  beforeAll(async () => {
    opened = await openTestStore('create-race');
    store = opened.store;
    token = (await bootstrapIfEmpty(store))!;
    ({ app } = buildApp({ store, log: false, validateAllResponses: true }));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    const account = await post(apiPath('createServiceAccount', { domain: 'default' }), {
      name: 'race_account',
      roles: ['Viewer'],
    });
    expect(account.status).toBe(201);
    accountId = account.body.id!;
  });
  afterAll(async () => {
    await app.close();
    await opened.close();
  });

  const cases: [string, () => string, Record<string, unknown>, () => ReturnType<typeof missOnce>][] = [
    [
      'group',
      () => apiPath('createGroup', { domain: 'default' }),
      { name: 'racers' },
      () => missOnce(store.groups, 'byName', 'racers'),
    ],
    [
      'service account',
      () => apiPath('createServiceAccount', { domain: 'default' }),
      { name: 'race_bot', roles: ['Viewer'] },
      () => missOnce(store.members, 'byName', 'race_bot'),
    ],
    [
      'member',
      () => apiPath('createMember', { domain: 'default' }),
      { name: 'race_person' },
      () => missOnce(store.members, 'byName', 'race_person'),
    ],
    [
      'bundle',
      () => apiPath('createBundle', { domain: 'default' }),
      { name: 'race-bundle', permissions: ['log.read'] },
      () => missOnce(store.bundles, 'byName', 'race-bundle'),
    ],
    [
      'token',
      () => apiPath('createServiceAccountToken', { domain: 'default', id: accountId }),
      { name: 'race-token', expiresAt },
      () => missOnce(store.tokens, 'liveByName', 'race-token'),
    ],
    [
      'personal token',
      () => apiPath('createPersonalToken'),
      { name: 'race-pt', expiresAt },
      () => missOnce(store.tokens, 'liveByName', 'race-pt'),
    ],
  ];

  it.each(cases)('%s: the same 409 name_taken as a plain duplicate', async (_kind, path, body, race) => {
    expect((await post(path(), body)).status).toBe(201);
    const duplicate = await post(path(), body);
    expect(duplicate.status).toBe(409);
    const spy = race();
    try {
      const raced = await post(path(), body);
      expect(spy).toHaveBeenCalled();
      expect(raced.status).toBe(409);
      expect(raced.body.error).toMatchObject({ code: 'name_taken', message: duplicate.body.error!.message });
    } finally {
      spy.mockRestore();
    }
  });
});
