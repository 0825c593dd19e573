import { DEFAULT_EXPIRY_DAYS } from '../src-shared/api/tokens.js';
import { DAY_MS, maxLifetimeOf } from '../src-shared/token-policy.js';
import type { Store } from './store/store.js';
import { compactUtc } from './store/rotated-name.js';
import { isoOf } from './store/time.js';
import { ADMIN_MEMBER } from './bootstrap.js';

/** Who the audit trail says issued the token: the operator at the server's console. */
export const RESET_ADMIN_ACTOR = 'reset-admin';

export interface ResetAdmin {
  member: string;
  tokenName: string;
  expiresAt: string;
  /** Printed once by the CLI, never stored. */
  secret: string;
}

// Enabled people with the Admin role, the bootstrap admin first.
const ADMINS_SQL = `SELECT m.id, m.name FROM members m JOIN member_roles r ON r.member_id = m.id
  WHERE m.domain_id = ? AND m.type = 'HUMAN' AND m.enabled = 1 AND m.deleted_at IS NULL AND r.role = 'Admin'
  ORDER BY CASE WHEN m.name = ? THEN 0 ELSE 1 END, m.name`;

/**
 * Recovery when a domain's Admins have no working token (the only one was lost, or reported as leaked
 * and revoked): a new personal token for an enabled Admin (`member`, else `admin`, else the first by
 * name), expiring within the domain's policy (30 days or its cap if shorter), audited as made by
 * `reset-admin`. Runs against the database directly, so only someone on the server's machine can.
 */
export async function resetAdmin(store: Store, domainName: string, memberName?: string): Promise<ResetAdmin> {
  return store.transaction(async () => {
    const domain = await store.domains.byName(domainName);
    if (!domain) throw new Error(`There is no domain named "${domainName}".`);
    const admins = await store.sql.all<{ id: string; name: string }>(ADMINS_SQL, [domain.id, ADMIN_MEMBER]);
    const admin = memberName === undefined ? admins[0] : admins.find((a) => a.name === memberName);
    if (!admin) {
      throw new Error(
        memberName === undefined
          ? `Domain "${domainName}" has no enabled person with the Admin role.`
          : `"${memberName}" is not an enabled person with the Admin role in domain "${domainName}".`,
      );
    }
    const now = store.now();
    const { policy } = await store.policies.get(domain.id);
    const days = Math.min(DEFAULT_EXPIRY_DAYS, maxLifetimeOf(policy, 'personal') ?? DEFAULT_EXPIRY_DAYS);
    const tokenName = `reset-admin-${compactUtc(now)}`;
    const { row, secret } = await store.tokens.create({
      memberId: admin.id,
      kind: 'pt',
      name: tokenName,
      roles: [],
      expiresAt: now + days * DAY_MS,
      by: RESET_ADMIN_ACTOR,
      at: now,
    });
    await store.audit.record({
      domainId: domain.id,
      actorId: null,
      actorName: RESET_ADMIN_ACTOR,
      action: 'personal_token.create',
      resourceType: 'personal_token',
      resourceId: row.id,
      resourceName: `${admin.name}/${tokenName}`,
      subjectId: admin.id,
      before: null,
      after: { owner: admin.name, name: tokenName, status: row.status, expiresAt: row.expires_at, hint: row.hint },
      clientAddress: null,
    });
    return { member: admin.name, tokenName, expiresAt: isoOf(now + days * DAY_MS), secret };
  });
}
