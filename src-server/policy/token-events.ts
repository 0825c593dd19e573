import type { TokenMeta } from '../../src-shared/api/models.js';
import { personalTokenAudit, personalTokenMeta } from '../routes/personal-token-rules.js';
import { tokenAuditFields } from '../routes/token-rules.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { tokenMetaOf, type TokenRow } from '../store/tokens.js';

/** Who acted when no request's caller did: a member, or the server itself (`policy`, `leak report`). */
export interface Actor {
  id: string | null;
  name: string;
}

/** A token's metadata as its owner's lists show it. */
export async function listedMeta(store: Store, row: TokenRow): Promise<TokenMeta | undefined> {
  const owner = await store.members.get(row.member_id);
  if (!owner) return undefined;
  const now = isoOf(store.now());
  return row.kind === 'pt'
    ? personalTokenMeta(row, now, owner, await store.members.rolesOf(owner.id))
    : tokenMetaOf(row, now);
}

/**
 * Audits a change the server made to a token outside the token routes (revoked as leaked, suspended
 * for disuse): `token.<verb>` or `personal_token.<verb>`, about the token's owner, in the owner's
 * domain. Call inside the change's transaction. Resolves the token as it is after the change.
 */
export async function recordTokenEvent(
  store: Store,
  change: { before: TokenRow; verb: string; actor: Actor; clientAddress: string | null },
): Promise<TokenMeta | undefined> {
  const { before, verb, actor, clientAddress } = change;
  const owner = await store.members.get(before.member_id);
  const after = await store.tokens.get(before.id);
  const beforeMeta = await listedMeta(store, before);
  const afterMeta = after && (await listedMeta(store, after));
  if (!owner || !beforeMeta || !afterMeta) return undefined;
  const personal = before.kind === 'pt';
  const fields = (meta: TokenMeta) =>
    personal ? personalTokenAudit(meta, owner.name) : tokenAuditFields(meta, { id: owner.id, name: owner.name });
  await store.audit.record({
    domainId: owner.domain_id,
    actorId: actor.id,
    actorName: actor.name,
    action: `${personal ? 'personal_token' : 'token'}.${verb}`,
    resourceType: personal ? 'personal_token' : 'token',
    resourceId: before.id,
    resourceName: `${owner.name}/${before.name}`,
    subjectId: owner.id,
    before: fields(beforeMeta),
    after: fields(afterMeta),
    clientAddress,
  });
  return afterMeta;
}
