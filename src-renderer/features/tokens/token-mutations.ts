import type { RotationInput } from '../../data/secret-mutation.js';
import { useMutation, useMutationState } from '@tanstack/react-query';
import { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreatedToken, CreateTokenBody, PatchTokenBody, RotatedToken } from '../../../src-shared/api/tokens.js';
import type { AppError } from '../../../src-shared/errors.js';
import { appErrorOf, request } from '../../bridge.js';
import { putTokens } from '../../data/cache-patches.js';
import { mutationKeys } from '../../data/query-keys.js';
import { useRotation, useSecretMutation, type Revealed } from '../../data/secret-mutation.js';

/**
 * One account's token changes. Each answer's tokens (metadata only) go into the account's detail at
 * once; main has changed its cache too, and the snapshot:changed that says so has the account read
 * back (its count and next expiry): one small accounts:get, never the list.
 *
 * Create and rotate answer with a secret: it goes to the reveal dialog only (useSecretMutation).
 */

type TokenChange = { name: string; patch: PatchTokenBody };

export function useUpdateToken(connectionId: string, accountId: string) {
  return useMutation({
    mutationKey: mutationKeys.token(connectionId, accountId),
    mutationFn: ({ name, patch }: TokenChange) =>
      request((bridge) => bridge.tokens.update({ connectionId, accountId, name, patch })),
    onSuccess: (token) => putTokens(connectionId, accountId, [token]),
  });
}

/** The names of this account's tokens with a status or cap change waiting for the server, for their rows. */
export function usePendingTokens(connectionId: string, accountId: string): ReadonlySet<string> {
  const names = useMutationState({
    filters: { mutationKey: mutationKeys.token(connectionId, accountId), status: 'pending' },
    select: (mutation) => (mutation.state.variables as TokenChange).name,
  });
  return new Set(names);
}

export function useRemoveToken(connectionId: string, accountId: string) {
  return useMutation({
    mutationFn: (name: string) => request((bridge) => bridge.tokens.remove({ connectionId, accountId, name })),
    onSuccess: (_null, name) => putTokens(connectionId, accountId, [], name),
  });
}

export function useCreateToken(
  connectionId: string,
  accountId: string,
  reveal: (revealed: Revealed<CreatedToken>) => void,
) {
  return useSecretMutation({
    send: (input: CreateTokenBody) => request((bridge) => bridge.tokens.create({ connectionId, accountId, input })),
    reveal,
    onSuccess: ({ token }) => putTokens(connectionId, accountId, [token]),
    onError: (error) => {
      // The token exists even though its secret is gone: show it in the list all the same.
      const lost = lostToken(appErrorOf(error));
      if (lost) putTokens(connectionId, accountId, [lost]);
    },
  });
}

/** Rotate: the own token's new secret is main's (the connection signs in with it), another's goes to the reveal. */
export function useRotateToken(
  connectionId: string,
  accountId: string,
  reveal: (revealed: Revealed<RotatedToken>) => void,
) {
  return useRotation({
    send: (rotation: RotationInput) =>
      request((bridge) => bridge.tokens.rotate({ connectionId, accountId, ...rotation })),
    reveal,
    onSuccess: ({ token, previous }) => putTokens(connectionId, accountId, [previous, token]),
  });
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

/**
 * After a lost answer: deletes the token whose secret nobody saw (already gone is fine) and makes it
 * again with the same input, for a secret that can be shown.
 */
export function useRecreateToken(
  connectionId: string,
  accountId: string,
  reveal: (revealed: Revealed<CreatedToken>) => void,
) {
  return useSecretMutation({
    send: async (input: CreateTokenBody) => {
      try {
        await request((bridge) => bridge.tokens.remove({ connectionId, accountId, name: input.name }));
      } catch (error) {
        if (appErrorOf(error).code !== 'not_found') throw error;
      }
      return request((bridge) => bridge.tokens.create({ connectionId, accountId, input }));
    },
    reveal,
    onSuccess: ({ token }, input) => putTokens(connectionId, accountId, [token], input.name),
    onError: (error, input) => {
      const lost = lostToken(appErrorOf(error));
      if (lost) putTokens(connectionId, accountId, [lost], input.name);
    },
  });
}
