import { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreatedToken, CreateTokenBody, RotatedToken } from '../../../src-shared/api/tokens.js';
import type { AppError, Result } from '../../../src-shared/errors.js';
import { call } from '../../bridge.js';
import { useAppStore } from '../../store/app-store.js';

/**
 * The two calls whose answer holds a secret. They are deliberately not store actions: the answer goes
 * back to the component that asked, which hands the secret to the reveal dialog; the store only gets
 * the tokens' metadata (and reloads its cache) through `noteTokens`.
 */

const NO_CONNECTION: AppError = { code: 'unknown_connection', message: 'Choose a connection first.' };

export async function createToken(accountId: string, input: CreateTokenBody): Promise<Result<CreatedToken>> {
  const { selectedConnectionId: connectionId, noteTokens } = useAppStore.getState();
  if (connectionId === null) return { ok: false, error: NO_CONNECTION };
  const result = await call((bridge) => bridge.tokens.create({ connectionId, accountId, input }));
  if (result.ok) noteTokens(connectionId, accountId, [result.value.token]);
  else {
    // The token exists even though its secret is gone: show it in the list all the same.
    const lost = lostToken(result.error);
    if (lost) noteTokens(connectionId, accountId, [lost]);
  }
  return result;
}

export async function rotateToken(
  accountId: string,
  name: string,
  graceSeconds: number,
): Promise<Result<RotatedToken>> {
  const { selectedConnectionId: connectionId, noteTokens } = useAppStore.getState();
  if (connectionId === null) return { ok: false, error: NO_CONNECTION };
  const result = await call((bridge) => bridge.tokens.rotate({ connectionId, accountId, name, graceSeconds }));
  if (result.ok) noteTokens(connectionId, accountId, [result.value.previous, result.value.token]);
  return result;
}

/** The token a `secret_lost` error describes (its `details.token`), or null for any other error. */
export function lostToken(error: AppError): TokenMeta | null {
  if (error.code !== 'secret_lost') return null;
  const details = error.details;
  const parsed = TokenMeta.safeParse(
    typeof details === 'object' && details !== null && 'token' in details ? details.token : undefined,
  );
  return parsed.success ? parsed.data : null;
}
