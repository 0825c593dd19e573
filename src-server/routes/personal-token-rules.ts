import type { TokenMeta } from '../../src-shared/api/models.js';
import type { Store } from '../store/store.js';
import type { IsoTime } from '../store/time.js';
import { tokenMetaOf, type TokenRow } from '../store/tokens.js';

/**
 * A personal token as listed: DEACTIVATED while its owner is disabled or deleted, whatever its own
 * status but a leak's (which is final and says more), since it cannot be used then. Its roles are the
 * owner's (it acts with them, never more).
 */
export function personalTokenMeta(row: TokenRow, now: IsoTime, owner: { enabled: 0 | 1 }, roles: string[]): TokenMeta {
  const meta = tokenMetaOf(row, now);
  const usable = owner.enabled === 1 || meta.status === 'REVOKED_LEAKED';
  return { ...meta, roles: roles as TokenMeta['roles'], status: usable ? meta.status : 'DEACTIVATED' };
}

export async function personalTokensOf(store: Store, memberId: string, now: IsoTime): Promise<TokenMeta[]> {
  const owner = await store.members.get(memberId);
  if (!owner) return [];
  const roles = await store.members.rolesOf(memberId);
  return (await store.tokens.listLive(memberId))
    .filter((row) => row.kind === 'pt')
    .map((row) => personalTokenMeta(row, now, owner, roles));
}

/** What the audit trail keeps of a personal token: never its secret or digest. */
export function personalTokenAudit(meta: TokenMeta, ownerName: string): Record<string, unknown> {
  return {
    owner: ownerName,
    name: meta.name,
    status: meta.status,
    expiresAt: meta.expiresAt,
    hint: meta.hint,
    ...(meta.leak ? { leak: meta.leak } : {}),
  };
}
