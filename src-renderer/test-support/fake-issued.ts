/**
 * What the token and directory fakes both do when they make a token: hand out a real-format secret
 * (remembered, so tests can check it never lands in a cache) and describe the new token as the
 * server would, active and unused.
 */
import type { TokenMeta } from '../../src-shared/api/models.js';
import { generateToken, tokenHint, type TokenKind } from '../../src-shared/token-format.js';
import type { FakeState } from './fake-state.js';

/** A fresh secret of `kind`, added to the secrets the fake has issued. */
export function issueSecret(state: FakeState, kind: TokenKind): string {
  const secret = generateToken(kind);
  state.secretsIssued.push(secret);
  return secret;
}

/** A token just made with `secret`, by admin, now: active, never used, replacing nothing. */
export function issuedToken(
  fields: Pick<TokenMeta, 'id' | 'name' | 'expiresAt' | 'roles' | 'maxRps'>,
  secret: string,
): TokenMeta {
  return {
    ...fields,
    status: 'ACTIVE',
    hint: tokenHint(secret),
    createdAt: new Date().toISOString(),
    createdBy: 'admin',
    lastUsedAt: null,
    lastUsedFrom: null,
    replacedBy: null,
  };
}

/** What main adds to an answer that carries a secret: a fresh reveal id, and no earlier save. */
export function revealed(): { revealId: string; savedTo: null } {
  return { revealId: crypto.randomUUID(), savedTo: null };
}
