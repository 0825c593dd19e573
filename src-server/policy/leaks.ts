import type { TokenMeta } from '../../src-shared/api/models.js';
import { LEAK_SOURCE_MAX, LEAK_URL_MAX } from '../../src-shared/api/leaks.js';
import { personalTokenAudit, personalTokenMeta } from '../routes/personal-token-rules.js';
import { tokenAuditFields } from '../routes/token-rules.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { tokenMetaOf, type TokenRow } from '../store/tokens.js';

/** Who reported a leak: a member who acted in the app, or an anonymous `POST /leaks`. */
export type Reporter = { memberId: string; memberName: string } | null;
export const ANONYMOUS_REPORTER = 'leak report';

/**
 * A report's url or source as stored: plain text of at most `max` characters, control and
 * direction-changing characters turned into spaces so it cannot forge log lines or reorder what the
 * app shows. It is only ever shown as text, never as a link or markup.
 */
export function plainText(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').trim();
  return text === '' ? null : text.slice(0, max);
}

/** The token's metadata as its owner's lists show it, and its owner's domain and name. */
async function describe(store: Store, row: TokenRow) {
  const owner = await store.members.get(row.member_id);
  if (!owner) return undefined;
  const now = isoOf(store.now());
  const meta: TokenMeta =
    row.kind === 'pt' ? personalTokenMeta(row, now, owner, await store.members.rolesOf(owner.id)) : tokenMetaOf(row, now);
  return { owner, meta };
}

/**
 * Revokes one live token as leaked and audits it (`token.revoke_leaked` or `personal_token.revoke_leaked`)
 * with the reporter and the report's url and source. Call inside the request's transaction, so a whole
 * report is revoked together. Resolves the token as it is now, or undefined when it was not live.
 */
export async function revokeAsLeaked(
  store: Store,
  row: TokenRow,
  report: { reporter: Reporter; source: string | undefined; url: string | undefined; clientAddress: string },
): Promise<TokenMeta | undefined> {
  const before = await describe(store, row);
  if (!before) return undefined;
  const revoked = await store.tokens.revokeLeaked(row.id, {
    by: report.reporter?.memberName ?? ANONYMOUS_REPORTER,
    source: plainText(report.source, LEAK_SOURCE_MAX),
    url: plainText(report.url, LEAK_URL_MAX),
  });
  const fresh = revoked ? await store.tokens.get(row.id) : undefined;
  const after = fresh && (await describe(store, fresh));
  if (!after) return undefined;
  const { owner } = after;
  const personal = row.kind === 'pt';
  const fields = (meta: TokenMeta) =>
    personal ? personalTokenAudit(meta, owner.name) : tokenAuditFields(meta, { id: owner.id, name: owner.name });
  await store.audit.record({
    domainId: owner.domain_id,
    actorId: report.reporter?.memberId ?? null,
    actorName: report.reporter?.memberName ?? ANONYMOUS_REPORTER,
    action: `${personal ? 'personal_token' : 'token'}.revoke_leaked`,
    resourceType: personal ? 'personal_token' : 'token',
    resourceId: row.id,
    resourceName: `${owner.name}/${row.name}`,
    subjectId: owner.id,
    before: fields(before.meta),
    after: fields(after.meta),
    clientAddress: report.clientAddress,
  });
  return after.meta;
}
