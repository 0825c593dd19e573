import type { TokenMeta } from '../../src-shared/api/models.js';
import { LEAK_SOURCE_MAX, LEAK_URL_MAX } from '../../src-shared/api/leaks.js';
import type { Store } from '../store/store.js';
import type { TokenRow } from '../store/tokens.js';
import { recordTokenEvent, type Actor } from './token-events.js';

/** Who an anonymous `POST /leaks` is recorded as. */
export const ANONYMOUS_REPORTER: Actor = { id: null, name: 'leak report' };

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

/**
 * Revokes one live token as leaked and audits it (`token.revoke_leaked` or `personal_token.revoke_leaked`)
 * with the reporter and the report's url and source. Call inside the request's transaction, so a whole
 * report is revoked together. Resolves the token as it is now, or undefined when it was not live.
 */
export async function revokeAsLeaked(
  store: Store,
  row: TokenRow,
  report: { reporter: Actor; source: string | undefined; url: string | undefined; clientAddress: string },
): Promise<TokenMeta | undefined> {
  const revoked = await store.tokens.revokeLeaked(row.id, {
    by: report.reporter.name,
    source: plainText(report.source, LEAK_SOURCE_MAX),
    url: plainText(report.url, LEAK_URL_MAX),
  });
  if (!revoked) return undefined;
  return recordTokenEvent(store, {
    before: row,
    verb: 'revoke_leaked',
    actor: report.reporter,
    clientAddress: report.clientAddress,
  });
}
