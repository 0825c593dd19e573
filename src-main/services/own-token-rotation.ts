import type { TokenMeta } from '../../src-shared/api/models.js';
import { OWN_TOKEN_MIN_GRACE_SECONDS, type RotatedToken } from '../../src-shared/api/tokens.js';
import type { ServiceRotation } from '../../src-shared/ipc/models.js';
import type { ApiClient } from './api-client.js';
import type { ConnectionService } from './connections.js';
import type { Endpoint } from './endpoint.js';
import { AppFailure } from './errors.js';

/** Which token the connection uses: known from the last sync, else asked of the server (`/me`'s tokenId). */
async function ownTokenIdOf(o: OwnAwareRotation): Promise<string | null> {
  const known = o.connections.tokenIdOf(o.connectionId);
  if (known !== null) return known;
  const me = await o.api.call(o.endpoint.target, 'getMe', { signal: o.signal });
  return me.tokenId ?? null;
}

export interface OwnAwareRotation {
  api: ApiClient;
  connections: ConnectionService;
  signal?: AbortSignal | undefined;
  connectionId: string;
  endpoint: Endpoint;
  name: string;
  graceSeconds: number;
  /**
   * One rotate request (a personal token's or a service account's), sent once more after a lost answer;
   * it fails with `secret_lost` (details.token: the new token) when the server says it had already acted.
   */
  send: (name: string, graceSeconds: number) => Promise<RotatedToken>;
  /**
   * The tokens the rotated one is listed with (the caller's personal tokens, or the account's): they tell
   * whether it is the connection's own, and give that token as it is after its rotation.
   */
  listed: () => Promise<TokenMeta[]>;
}

/**
 * Rotates a token, and when it is the token the connection itself uses, makes the new secret the
 * connection's credential at once, before the old one's grace ends, and answers no secret: the renderer
 * never sees it. Otherwise the secret is in the answer for the one reveal. Personal tokens and
 * service-account tokens both come here, each with its own rotate call.
 *
 * The own token gets at least OWN_TOKEN_MIN_GRACE_SECONDS of grace: a resend after a lost answer can
 * only carry the old secret, so the server must still take it. If that resend learns the rotation
 * happened (its new secret lost), the old secret still works for the grace, and with it the app
 * rotates the new, never-seen token once more (grace 0: nothing can be using it) and keeps that
 * secret, so a lost answer never locks the app out.
 */
export async function rotateOwnAware(o: OwnAwareRotation): Promise<ServiceRotation> {
  const candidate = await ownTokenIdOf(o);
  const ownTokenId =
    candidate !== null && (await o.listed()).some((t) => t.id === candidate && t.name === o.name) ? candidate : null;
  const own = ownTokenId !== null;
  const grace = own ? Math.max(o.graceSeconds, OWN_TOKEN_MIN_GRACE_SECONDS) : o.graceSeconds;
  let rotated: RotatedToken;
  try {
    rotated = await o.send(o.name, grace);
  } catch (error) {
    const lost = error instanceof AppFailure && error.code === 'secret_lost';
    if (!lost || ownTokenId === null) throw error;
    // The first rotation happened and its secret is gone; the old secret is still in grace.
    const first = (error.details as { token: TokenMeta }).token;
    const again = await o.send(first.name, 0);
    const previous = (await o.listed()).find((t) => t.id === ownTokenId);
    if (!previous) throw new AppFailure('not_found', 'The token this connection used is gone.');
    rotated = { ...again, previous };
  }
  if (own && o.endpoint.still()) {
    await o.connections.replaceCredential(o.connectionId, rotated.secret, rotated.token.id);
    return { token: rotated.token, previous: rotated.previous, storedForConnection: true };
  }
  return { ...rotated, storedForConnection: false };
}

/** What a rotation sends: the grace, and a new expiry when one was chosen (left out, the old one is kept). */
export interface RotateInput {
  graceSeconds: number;
  expiresAt?: string | null | undefined;
}

export function rotateBody({ graceSeconds, expiresAt }: RotateInput): {
  graceSeconds: number;
  expiresAt?: string | null;
} {
  return expiresAt === undefined ? { graceSeconds } : { graceSeconds, expiresAt };
}
