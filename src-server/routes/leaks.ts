import type { LeakReportResults, LookupResults, RevokeLeakedResults } from '../../src-shared/api/leaks.js';
import { canManageTokens } from '../../src-shared/authz.js';
import { checkToken, tokenHint } from '../../src-shared/token-format.js';
import { actorOf, type Caller } from '../auth/caller.js';
import { rateLimited } from '../auth/request-gate.js';
import type { RateStore } from '../cluster/rate-store.js';
import type { HandlerModule } from '../http/route.js';
import { ANONYMOUS_REPORTER, revokeAsLeaked } from '../policy/leaks.js';
import { listedMeta } from '../policy/token-events.js';
import { digestOf } from '../store/digest.js';
import type { Store } from '../store/store.js';
import { isoOf } from '../store/time.js';
import { isLiveToken, type TokenRow } from '../store/tokens.js';
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
    const owner = await store.members.get(row.member_id);
    if (!owner || owner.domain_id !== domainId) return undefined;
    if (row.kind === 'pt' ? owner.id !== caller.memberId : !(await managesAccount(caller, domainId, owner.id))) {
      return undefined;
    }
    const meta = await listedMeta(store, row);
    if (!meta) return undefined;
    const kind = row.kind === 'pt' ? ('personal' as const) : ('serviceAccount' as const);
    return { row, kind, accountId: owner.id, accountName: owner.name, meta };
  };
  const managesAccount = async (caller: Caller, domainId: string, id: string) => {
    const view = await store.serviceAccounts.get(domainId, id);
    return view !== undefined && canManageTokens(actorOf(caller), view.account).allowed;
  };
  /** Each digest with the token the caller may see by it, or undefined (no token, or not theirs to see). */
  const seenByDigest = async (caller: Caller, domainName: string, digests: readonly string[]) => {
    const domain = await callerDomain(store, caller, domainName);
    const rows = await rowsByDigest(digests);
    const seen = [];
    for (const digest of digests) {
      const row = rows.get(digest);
      seen.push({ digest, token: row && (await visible(caller, domain.id, row)) });
    }
    return seen;
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
        const reporter = { id: caller.memberId, name: caller.memberName };
        const report = { reporter, source: body.source, url: body.url, clientAddress: request.ip };
        const items: RevokeLeakedResults['items'] = [];
        for (const { digest, token } of await seenByDigest(caller, params.domain, body.digests)) {
          if (!token) {
            items.push({ digest, result: 'unknown' });
            continue;
          }
          const revoked = await revokeAsLeaked(store, token.row, report);
          items.push(
            revoked
              ? { digest, result: 'revoked', token: revoked }
              : { digest, result: 'already_revoked', token: token.meta },
          );
        }
        return { items };
      },
    },
    lookupTokens: {
      handler: async ({ caller, params, body }): Promise<LookupResults> => {
        const now = isoOf(store.now());
        const seen = await seenByDigest(caller, params.domain, body.digests);
        return {
          items: seen.map(({ digest, token }) => {
            if (!token) return { digest, state: 'unknown' as const };
            const { row, kind, accountId, accountName, meta } = token;
            const state = row.deleted_at !== null ? 'deleted' : isLiveToken(row, now) ? 'live' : 'revoked';
            return { digest, state, kind, accountId, accountName, token: meta };
          }),
        };
      },
    },
  } satisfies HandlerModule;
}
