import type { LeakReportResults, LookupResults, RevokeLeakedResults } from '../../src-shared/api/leaks.js';
import { canManageTokens } from '../../src-shared/authz.js';
import { checkToken, tokenHint } from '../../src-shared/token-format.js';
import { actorOf, type Caller } from '../auth/caller.js';
import { rateLimited } from '../auth/request-gate.js';
import type { RateStore } from '../cluster/rate-store.js';
import type { HandlerModule } from '../http/route.js';
import { ANONYMOUS_REPORTER, revokeAsLeaked } from '../policy/leaks.js';
import { digestOf } from '../store/digest.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { isLiveToken, tokenMetaOf, type TokenRow } from '../store/tokens.js';
import { personalTokenMeta } from './personal-token-rules.js';
import { callerDomain } from './scope.js';

/**
 * Reports per second a client address may send to `POST /leaks` (a burst of as many). A report holds up
 * to 100 strings, so this bounds the lookups an anonymous client can cause; with several instances on
 * one database (or Redis) the bucket is shared, so the limit holds cluster-wide.
 */
export const LEAK_REPORTS_PER_SECOND = 2;

/** What a hint may show of a string that is not a token: nothing, as it may be anything. */
const NO_HINT = '…';

/** Leak reports, and revoking or looking up tokens by digest. */
export function leakHandlers(store: Store, rates: RateStore) {
  /** The token as the caller may see it: a service-account token of a shared group, or their own personal token. */
  const visible = async (caller: Caller, domainId: string, row: TokenRow) => {
    const now = isoOf(store.now());
    if (row.kind === 'pt') {
      if (row.member_id !== caller.memberId) return undefined;
      const owner = await store.members.get(row.member_id);
      if (!owner) return undefined;
      const meta = personalTokenMeta(row, now, owner, await store.members.rolesOf(owner.id));
      return { kind: 'personal' as const, accountId: owner.id, accountName: owner.name, meta };
    }
    const view = await store.serviceAccounts.get(domainId, row.member_id);
    if (!view || !canManageTokens(actorOf(caller), view.account).allowed) return undefined;
    return {
      kind: 'serviceAccount' as const,
      accountId: view.account.id,
      accountName: view.account.name,
      meta: tokenMetaOf(row, now),
    };
  };
  const rowsByDigest = async (digests: readonly string[]) =>
    new Map((await store.tokens.byDigests(digests)).map((row) => [row.digest, row]));

  return {
    reportLeaks: {
      authorize: async ({ request }) => {
        const decision = await rates.take(`leaks:${request.ip}`, LEAK_REPORTS_PER_SECOND);
        if (!decision.allowed) {
          throw rateLimited(
            `This address sent more than ${LEAK_REPORTS_PER_SECOND} leak reports in a second.`,
            LEAK_REPORTS_PER_SECOND,
            decision.retryAfterSeconds,
          );
        }
      },
      handler: async ({ body, request }): Promise<LeakReportResults> => {
        // Offline checks first: a string that fails them is never looked up, so nothing about the
        // answer (or its timing) says whether it resembled a real token.
        const checked = body.map((item) => ({ item, valid: checkToken(item.token).ok }));
        const rows = await rowsByDigest(checked.filter((c) => c.valid).map((c) => digestOf(c.item.token)));
        const results: LeakReportResults = [];
        for (const { item, valid } of checked) {
          if (!valid) {
            results.push({ token_hint: NO_HINT, result: 'malformed' });
            continue;
          }
          const row = rows.get(digestOf(item.token));
          const hint = tokenHint(item.token);
          if (!row) {
            results.push({ token_hint: hint, result: 'unknown' });
            continue;
          }
          const revoked = await revokeAsLeaked(store, row, {
            reporter: ANONYMOUS_REPORTER,
            source: item.source,
            url: item.url,
            clientAddress: request.ip,
          });
          results.push({ token_hint: hint, result: revoked ? 'revoked' : 'already_revoked' });
        }
        return results;
      },
    },
    revokeLeakedTokens: {
      handler: async ({ caller, params, body, request }): Promise<RevokeLeakedResults> => {
        const domain = await callerDomain(store, caller, params.domain);
        const rows = await rowsByDigest(body.digests);
        const items: RevokeLeakedResults['items'] = [];
        for (const digest of body.digests) {
          const row = rows.get(digest);
          const seen = row && (await visible(caller, domain.id, row));
          if (!row || !seen) {
            items.push({ digest, result: 'unknown' });
            continue;
          }
          const reporter = { id: caller.memberId, name: caller.memberName };
          const report = { reporter, source: body.source, url: body.url, clientAddress: request.ip };
          const revoked = await revokeAsLeaked(store, row, report);
          items.push(
            revoked
              ? { digest, result: 'revoked', token: revoked }
              : { digest, result: 'already_revoked', token: seen.meta },
          );
        }
        return { items };
      },
    },
    lookupTokens: {
      handler: async ({ caller, params, body }): Promise<LookupResults> => {
        const domain = await callerDomain(store, caller, params.domain);
        const rows = await rowsByDigest(body.digests);
        const now = isoOf(store.now());
        const items: LookupResults['items'] = [];
        for (const digest of body.digests) {
          const row = rows.get(digest);
          const seen = row && (await visible(caller, domain.id, row));
          if (!row || !seen) {
            items.push({ digest, state: 'unknown' });
            continue;
          }
          const state = row.deleted_at !== null ? 'deleted' : isLiveToken(row, now) ? 'live' : 'revoked';
          const { kind, accountId, accountName, meta } = seen;
          items.push({ digest, state, kind, accountId, accountName, token: meta });
        }
        return { items };
      },
    },
  } satisfies HandlerModule;
}
