import { useMutation, type MutationKey } from '@tanstack/react-query';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { TokenRotation } from '../../src-shared/ipc/models.js';
import type { SavedTo } from '../../src-shared/ipc/password-managers.js';
import { queryClient } from './query-client.js';
import { noteReveal } from './reveal-ids.js';
import { queryKeys } from './query-keys.js';

/** What the reveal dialog gets: the secret, and the answer's other fields. */
export type Revealed<T extends { secret: string }> = { secret: string; answer: Omit<T, 'secret'> };

export type SecretMutationOptions<TVariables, TAnswer extends { secret: string }> = {
  mutationKey?: MutationKey;
  /** The bridge call whose answer carries the secret. */
  send: (variables: TVariables) => Promise<TAnswer>;
  /** Hands the secret to the reveal dialog: its state is the one place it is kept. */
  reveal: (revealed: Revealed<TAnswer>) => void;
  /** After the reveal, with the answer's other fields (to patch the lists that show them); awaited. */
  onSuccess?: (answer: Omit<TAnswer, 'secret'>, variables: TVariables) => unknown;
  onError?: (error: Error, variables: TVariables) => void;
};

/**
 * A write whose answer carries a secret: a token's create or rotate, a personal token's create, a new
 * member's first token. The secret goes from the bridge's answer straight to `reveal`; the mutation
 * itself keeps only the other fields, so no secret ever enters the mutation cache (nor, through
 * it, the query cache). It lives with the dialog that sends it, which closes when the reveal opens:
 * that resets it, and gcTime 0 drops it from the cache at once.
 */
export function useSecretMutation<TVariables, TAnswer extends { secret: string }>(
  options: SecretMutationOptions<TVariables, TAnswer>,
) {
  const { send, reveal, onSuccess, onError, mutationKey } = options;
  return useMutation({
    ...(mutationKey ? { mutationKey } : {}),
    gcTime: 0,
    mutationFn: async (variables: TVariables): Promise<Omit<TAnswer, 'secret'>> => {
      const { secret, ...answer } = await send(variables);
      noteRevealOf(answer);
      reveal({ secret, answer });
      return answer;
    },
    ...(onSuccess ? { onSuccess } : {}),
    ...(onError ? { onError } : {}),
  });
}

/** Main's reveal id for Save to…, kept by the new token's id (data/reveal-ids.ts). */
function noteRevealOf(answer: unknown): void {
  const { token, revealId, savedTo } = answer as { token?: TokenMeta; revealId?: string; savedTo?: SavedTo | null };
  if (token && revealId) noteReveal(token.id, { revealId, savedTo: savedTo ?? null });
}

/** A rotation's answer as the mutation keeps it: never a secret. */
/** What a rotation sends: the token, the old secret's grace, and a new expiry when one was chosen. */
export type RotationInput = { name: string; graceSeconds: number; expiresAt?: string | null };

export type RotationAnswer = { token: TokenMeta; previous: TokenMeta; storedForConnection: boolean };

export type RotationOptions<TVariables> = {
  send: (variables: TVariables) => Promise<TokenRotation>;
  reveal: (revealed: Revealed<{ token: TokenMeta; previous: TokenMeta; secret: string }>) => void;
  /** With the answer's metadata (to patch the lists that show the two tokens). */
  onSuccess: (answer: RotationAnswer) => void;
};

/**
 * A token's rotate, a personal token's or a service account's. Another token's new secret goes to the
 * reveal dialog only (as useSecretMutation); the connection's own token's never reaches the renderer
 * (main stored it for the connection), so then there is nothing to reveal and the connection views are
 * read again for the new token's id.
 */
export function useRotation<TVariables>({ send, reveal, onSuccess }: RotationOptions<TVariables>) {
  return useMutation({
    gcTime: 0,
    mutationFn: async (variables: TVariables): Promise<RotationAnswer> => {
      const rotated = await send(variables);
      if (rotated.storedForConnection) return rotated;
      const { secret, ...answer } = rotated;
      noteRevealOf(answer);
      reveal({ secret, answer });
      return answer;
    },
    onSuccess: async (answer) => {
      onSuccess(answer);
      if (answer.storedForConnection) await queryClient.invalidateQueries({ queryKey: queryKeys.connections });
    },
  });
}
