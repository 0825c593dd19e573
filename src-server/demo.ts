import type { RoleName } from '../src-shared/roles.js';
import { ADMIN_MEMBER, ADMINS_GROUP, bootstrapIfEmpty, DEFAULT_DOMAIN, SYSTEM_ACTOR } from './bootstrap.js';
import { DemoRandom } from './demo/random.js';
import {
  ACCOUNT_STEMS,
  CLIENT_ADDRESSES,
  DEMO_GROUPS,
  DEMO_HUMANS,
  DESCRIPTIONS,
  ENVIRONMENTS,
  ROLE_MIXES,
  SERVICES,
  TOKEN_NAMES,
} from './demo/vocabulary.js';
import type { DomainRow } from './store/domains.js';
import type { DatabaseLocation } from './db/open.js';
import { openStore, Store } from './store/store.js';

export const MAX_DEMO_ACCOUNTS = 100_000;
export const MAX_DEMO_TOKENS_PER_ACCOUNT = 20;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoOptions {
  accounts: number;
  tokensPerAccount: number;
  seed?: number;
  /** Replace the service accounts already in the domain (deleting them, with tombstones). */
  force?: boolean;
}

export interface DemoResult {
  accounts: number;
  tokens: number;
  /** Service accounts deleted first because of `force`. */
  replaced: number;
  /** Set when this call bootstrapped an empty folder; the caller decides whether to show it. */
  adminToken: string | null;
  milliseconds: number;
}

export class DemoRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRefusedError';
  }
}

/**
 * Fills the default domain with realistic service accounts and tokens, through the same store
 * functions the API uses, in one transaction. Token secrets are generated (so digests and hints are
 * real) and dropped at once.
 */
export async function seedDemo(target: DatabaseLocation | Store, options: DemoOptions): Promise<DemoResult> {
  if (!(target instanceof Store)) {
    const store = await openStore(target);
    try {
      return await seedDemo(store, options);
    } finally {
      await store.close();
    }
  }
  checkLimits(options);
  const store = target;
  const started = performance.now();
  const adminToken = await bootstrapIfEmpty(store);
  const result = await store.transaction(async () => {
    const domain = await store.domains.byName(DEFAULT_DOMAIN);
    if (!domain) throw new DemoRefusedError(`There is no "${DEFAULT_DOMAIN}" domain to seed.`);
    const existing = await store.members.serviceAccountIds(domain.id);
    if (existing.length > 0 && !options.force) {
      throw new DemoRefusedError(
        `The data folder already has ${existing.length} service accounts. Use --force to replace them with demo data.`,
      );
    }
    for (const id of existing) await store.members.deleteServiceAccount(id, SYSTEM_ACTOR);
    const tokens = await store.members.batch(() => seedInto(store, domain, options));
    return { accounts: options.accounts, tokens, replaced: existing.length };
  });
  return { ...result, adminToken, milliseconds: Math.round(performance.now() - started) };
}

function checkLimits(options: DemoOptions): void {
  if (!Number.isInteger(options.accounts) || options.accounts < 0 || options.accounts > MAX_DEMO_ACCOUNTS) {
    throw new DemoRefusedError(`accounts must be a whole number from 0 to ${MAX_DEMO_ACCOUNTS}.`);
  }
  const perAccount = options.tokensPerAccount;
  if (!Number.isInteger(perAccount) || perAccount < 0 || perAccount > MAX_DEMO_TOKENS_PER_ACCOUNT) {
    throw new DemoRefusedError(`tokens per account must be a whole number from 0 to ${MAX_DEMO_TOKENS_PER_ACCOUNT}.`);
  }
}

/** Groups and a few human members, so "created by" and the same-group rule have something to show. */
async function ensurePeople(store: Store, domain: DomainRow, now: number): Promise<Map<string, string>> {
  const groupIds = new Map<string, string>();
  const admins = await store.groups.byName(domain.id, ADMINS_GROUP);
  if (admins) groupIds.set(ADMINS_GROUP, admins.id);
  for (const group of DEMO_GROUPS) {
    const row =
      (await store.groups.byName(domain.id, group.name)) ??
      (await store.groups.create({
        domainId: domain.id,
        name: group.name,
        description: group.description,
        by: ADMIN_MEMBER,
        at: now,
      }));
    groupIds.set(group.name, row.id);
  }
  for (const human of DEMO_HUMANS) {
    if (await store.members.byName(domain.id, human.name)) continue;
    await store.members.create({
      domainId: domain.id,
      type: 'HUMAN',
      name: human.name,
      roles: human.roles,
      groupIds: human.groups.flatMap((g) => groupIds.get(g) ?? []),
      by: ADMIN_MEMBER,
      at: now - 400 * DAY,
    });
  }
  return groupIds;
}

async function seedInto(store: Store, domain: DomainRow, options: DemoOptions): Promise<number> {
  const rng = new DemoRandom(options.seed ?? 1);
  const now = store.now();
  const groupIds = await ensurePeople(store, domain, now);
  const group = (name: string): string[] => {
    const id = groupIds.get(name);
    return id ? [id] : [];
  };
  const authors = [ADMIN_MEMBER, ...DEMO_HUMANS.map((h) => h.name)];
  let tokenCount = 0;

  for (let i = 0; i < options.accounts; i++) {
    const stem = i < ACCOUNT_STEMS.length ? ACCOUNT_STEMS[i] : rng.pick(ACCOUNT_STEMS);
    const name = i < ACCOUNT_STEMS.length ? (stem ?? `account_${i}`) : `${stem}_${String(i).padStart(4, '0')}`;
    const roles = rng.weighted(ROLE_MIXES);
    // Most accounts share "admins" with the bootstrap admin; about one in ten does not, so its tokens
    // show as hidden (tokens: null) under the same-group rule.
    const groups = rng.weighted<string[]>([
      [[...group(ADMINS_GROUP)], 70],
      [[...group(ADMINS_GROUP), ...group('platform')], 10],
      [[...group(ADMINS_GROUP), ...group('data-team')], 10],
      [[...group('data-team')], 6],
      [[...group('billing-ops')], 4],
    ]);
    const createdAt = now - rng.int(1, 730) * DAY - rng.int(0, 23) * HOUR;
    const updatedAt = rng.chance(0.6) ? createdAt + Math.floor(rng.next() * (now - createdAt)) : createdAt;
    const author = rng.pick(authors);
    const account = await store.members.create({
      domainId: domain.id,
      type: 'SERVICE_ACCOUNT',
      name,
      description: rng.pick(DESCRIPTIONS)(rng.pick(SERVICES), rng.pick(ENVIRONMENTS)),
      enabled: !rng.chance(0.07),
      basicAuthEnabled: rng.chance(0.06),
      roles,
      groupIds: groups,
      by: author,
      at: createdAt,
      updatedAt,
    });
    for (let j = 0; j < options.tokensPerAccount; j++) {
      await seedToken(store, rng, { memberId: account.id, roles, createdAt, now, index: j, author: rng.pick(authors) });
      tokenCount++;
    }
  }
  return tokenCount;
}

async function seedToken(
  store: Store,
  rng: DemoRandom,
  input: { memberId: string; roles: RoleName[]; createdAt: number; now: number; index: number; author: string },
): Promise<void> {
  const { now } = input;
  const expiresAt = rng.weighted<number | null>([
    [null, 30],
    [now + rng.int(1, 7 * 24) * HOUR, 12], // expiring within a week
    [now - rng.int(1, 90) * DAY, 12], // already expired
    [now + rng.int(8, 365) * DAY, 46],
  ]);
  const usableUntil = expiresAt === null ? now : Math.min(now, expiresAt);
  const createdAt = input.createdAt + Math.floor(rng.next() * Math.max(0, usableUntil - input.createdAt - HOUR));
  const used = rng.chance(0.75);
  const stem = TOKEN_NAMES[input.index % TOKEN_NAMES.length] ?? 'token';
  await store.tokens.create({
    memberId: input.memberId,
    kind: 'sa',
    name: input.index < TOKEN_NAMES.length ? stem : `${stem}-${input.index}`,
    roles: rng.chance(0.7) ? input.roles : input.roles.slice(0, 1),
    expiresAt,
    maxRps: rng.chance(0.25) ? rng.pick([5, 10, 50, 100, 500]) : null,
    by: input.author,
    at: createdAt,
    status: rng.chance(0.08) ? 'SUSPENDED' : 'ACTIVE',
    lastUsedAt: used ? createdAt + Math.floor(rng.next() * (usableUntil - createdAt)) : null,
    lastUsedFrom: used ? `${rng.pick(CLIENT_ADDRESSES)}${rng.int(2, 254)}` : null,
  });
}
