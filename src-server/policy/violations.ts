import type { PolicyViolation } from '../../src-shared/api/token-policy.js';
import { permissionNames } from '../../src-shared/permissions.js';
import type { RoleName } from '../../src-shared/roles.js';
import {
  activeCountBreach,
  lifetimeBreach,
  neverExpiringBreach,
  serviceAccountTokenPermissions,
  type PolicyBreach,
  type PolicyToken,
  type TokenPolicy,
} from '../../src-shared/token-policy.js';
import { effectiveCallerPermissions, type Caller } from '../auth/caller.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import type { TokenRow } from '../store/tokens.js';

/** An active token's row with its owner: what the violations list reads, in one statement. */
type ActiveRow = TokenRow & { owner_name: string; owner_type: 'HUMAN' | 'SERVICE_ACCOUNT' };

const ACTIVE_TOKENS_SQL = `SELECT t.*, m.name AS owner_name, m.type AS owner_type
  FROM tokens t JOIN members m ON m.id = t.member_id
  WHERE m.domain_id = ? AND m.deleted_at IS NULL AND t.status = 'ACTIVE' AND t.deleted_at IS NULL
    AND t.leaked_at IS NULL AND t.replaced_by IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
  ORDER BY m.name, t.name`;

/** What the policy sees in one account: its tokens' kind and the roles and permissions they act with. */
interface Owner {
  kind: PolicyToken['kind'];
  /** Roles and permissions per token (a person's tokens all act with the person's). */
  of(token: TokenRow): { roles: readonly string[]; permissions: readonly string[] };
}

/**
 * Every active token (and account) of the domain that breaks `policy` now: a policy change never alters
 * existing tokens, so this is how an Admin finds them. Outside the Admin role only service accounts the
 * caller shares a group with are listed; Admins also see people's personal tokens.
 */
export async function policyViolations(
  store: Store,
  caller: Caller,
  domainId: string,
  policy: TokenPolicy,
): Promise<PolicyViolation[]> {
  const now = store.now();
  const rows = await store.sql.all<ActiveRow>(ACTIVE_TOKENS_SQL, [domainId, isoOf(now)]);
  const isAdmin = caller.roles.includes('Admin');
  const byOwner = new Map<string, ActiveRow[]>();
  for (const row of rows) byOwner.set(row.member_id, [...(byOwner.get(row.member_id) ?? []), row]);

  const items: PolicyViolation[] = [];
  for (const [memberId, tokens] of byOwner) {
    const owner = await ownerOf(store, caller, isAdmin, domainId, memberId, tokens[0]!.owner_type);
    if (!owner) continue;
    const first = tokens[0]!;
    const add = (breach: PolicyBreach, tokenName: string | null) =>
      items.push({
        accountId: memberId,
        accountName: first.owner_name,
        kind: owner.kind,
        tokenName,
        rule: breach.rule,
        allowed: valueOf(breach.allowed),
        actual: breach.actual === null ? null : valueOf(breach.actual),
      });
    for (const token of tokens) {
      const seen: PolicyToken = { kind: owner.kind, expiresAt: token.expires_at, ...owner.of(token) };
      for (const breach of [lifetimeBreach(policy, seen, now), neverExpiringBreach(policy, seen)]) {
        if (breach) add(breach, token.name);
      }
    }
    // The cap counts the account's active tokens: more than it allows is a breach (as many is not).
    const count = activeCountBreach(policy, tokens.length - 1);
    if (count) add({ ...count, actual: tokens.length }, null);
  }
  return items;
}

const valueOf = (value: number | readonly string[]): number | string[] =>
  typeof value === 'number' ? value : [...value];

/** The account as the policy sees it, or null when the caller may not see it. */
async function ownerOf(
  store: Store,
  caller: Caller,
  isAdmin: boolean,
  domainId: string,
  memberId: string,
  type: ActiveRow['owner_type'],
): Promise<Owner | null> {
  if (type === 'SERVICE_ACCOUNT') {
    const view = await store.serviceAccounts.get(domainId, memberId);
    if (!view) return null;
    if (!isAdmin && !view.groupIds.some((id) => caller.groupIds.has(id))) return null;
    const { account } = view;
    return {
      kind: 'serviceAccount',
      of: (token) => {
        const roles = JSON.parse(token.roles) as string[];
        return { roles, permissions: serviceAccountTokenPermissions(roles, account) };
      },
    };
  }
  if (!isAdmin) return null;
  const member = await store.members.get(memberId);
  if (!member) return null;
  const roles: RoleName[] = await store.members.rolesOf(memberId);
  const bundles = await store.bundles.heldByPerson(memberId);
  const permissions = permissionNames(effectiveCallerPermissions(member, roles, () => bundles));
  return { kind: 'personal', of: () => ({ roles, permissions }) };
}
