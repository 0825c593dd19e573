/**
 * Reads back every list the API serves, as the app would, and checks each page with the shared schema
 * the app parses it with. Write tests call it after each accepted write: a write must never leave data
 * behind that breaks a list for everyone who can see it (an expiry past year 9999 once did).
 */
import { expect } from 'vitest';
import { z } from 'zod';
import { AuditPage, GroupListResponse, MemberListResponse } from '../src-shared/api/directory.js';
import { RequestLogPage } from '../src-shared/api/logs.js';
import { Me } from '../src-shared/api/models.js';
import { apiPath } from '../src-shared/api/paths.js';
import { PersonalTokenList } from '../src-shared/api/personal-tokens.js';
import { ServiceAccountListResponse, TokenListResponse } from '../src-shared/api/service-accounts.js';
import { call } from './test-support.js';

const DOMAIN = 'default';

async function page<S extends z.ZodType>(url: string, token: string, schema: S): Promise<z.output<S>> {
  const reply = await call(url, { token });
  expect(reply.status, `GET ${url}: ${JSON.stringify(reply.body).slice(0, 300)}`).toBe(200);
  const parsed = schema.safeParse(reply.body);
  expect(parsed.error, `GET ${url} does not match its schema`).toBeUndefined();
  return parsed.data as z.output<S>;
}

/** Every page of a cursor-paged list. */
async function allPages<T>(
  base: string,
  read: (url: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  query: Record<string, string>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const got = await read(`${base}?${params.toString()}`);
    items.push(...got.items);
    cursor = got.nextCursor;
  } while (cursor);
  return items;
}

/**
 * With a token that may read everything (the bootstrap admin's): the service-account list with and
 * without include=tokens (every page), each account's tokens at the domain and the admin level and
 * its request log, the caller's personal tokens, members, groups, the audit trail (every page), /me.
 * Returns how many accounts it read, for a sanity check.
 */
export async function readBackEveryList(serverUrl: string, token: string): Promise<number> {
  const accountsUrl = serverUrl + apiPath('listServiceAccounts', { domain: DOMAIN });
  const accounts = await allPages(accountsUrl, (url) => page(url, token, ServiceAccountListResponse), {
    include: 'tokens',
    limit: '50',
  });
  await allPages(accountsUrl, (url) => page(url, token, ServiceAccountListResponse), { limit: '50' });
  for (const account of accounts) {
    await page(
      serverUrl + apiPath('listServiceAccountTokens', { domain: DOMAIN, id: account.id }),
      token,
      TokenListResponse,
    );
    await page(serverUrl + apiPath('adminListServiceAccountTokens', { id: account.id }), token, TokenListResponse);
    await allPages(
      serverUrl + apiPath('listRequestLogs', { domain: DOMAIN, id: account.id }),
      (url) => page(url, token, RequestLogPage),
      {
        limit: '500',
      },
    );
  }
  await page(serverUrl + apiPath('listPersonalTokens'), token, PersonalTokenList);
  await page(serverUrl + apiPath('listMembers', { domain: DOMAIN }), token, MemberListResponse);
  await page(serverUrl + apiPath('listGroups', { domain: DOMAIN }), token, GroupListResponse);
  await page(serverUrl + apiPath('getMe'), token, Me);
  await allPages(serverUrl + apiPath('listAuditEvents', { domain: DOMAIN }), (url) => page(url, token, AuditPage), {
    limit: '500',
  });
  return accounts.length;
}
