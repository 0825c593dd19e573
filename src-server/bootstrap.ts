import type { Store } from './store/store.js';

export const DEFAULT_DOMAIN = 'default';
export const ADMINS_GROUP = 'admins';
export const ADMIN_MEMBER = 'admin';
export const BOOTSTRAP_TOKEN_NAME = 'bootstrap';
/** Who the server records as the author of what it creates itself. */
export const SYSTEM_ACTOR = 'system';

/**
 * First start on an empty database: domain `default`, group `admins`, human `admin` with the Admin
 * role, and one personal token for admin. Returns that token's secret (to be shown once, by the CLI),
 * or null when the database already had a domain. Runs as one write transaction so two processes
 * starting on one empty folder cannot both bootstrap.
 */
export function bootstrapIfEmpty(store: Store): Promise<string | null> {
  return store.transaction(async () => {
    if ((await store.domains.count()) > 0) return null;
    const at = store.now();
    const domain = await store.domains.create(DEFAULT_DOMAIN, at);
    const admins = await store.groups.create({
      domainId: domain.id,
      name: ADMINS_GROUP,
      description: 'Administrators of this server.',
      by: SYSTEM_ACTOR,
      at,
    });
    const admin = await store.members.create({
      domainId: domain.id,
      type: 'HUMAN',
      name: ADMIN_MEMBER,
      description: 'Created when the server first started.',
      roles: ['Admin'],
      groupIds: [admins.id],
      by: SYSTEM_ACTOR,
      at,
    });
    const { secret } = await store.tokens.create({
      memberId: admin.id,
      kind: 'pt',
      name: BOOTSTRAP_TOKEN_NAME,
      roles: ['Admin'],
      expiresAt: null,
      by: SYSTEM_ACTOR,
      at,
    });
    return secret;
  });
}
