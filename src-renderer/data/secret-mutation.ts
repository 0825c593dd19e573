import { useMutation, type MutationKey } from '@tanstack/react-query';

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
      reveal({ secret, answer });
      return answer;
    },
    ...(onSuccess ? { onSuccess } : {}),
    ...(onError ? { onError } : {}),
  });
}
