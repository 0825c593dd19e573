import type { RotationInput } from '../../data/secret-mutation.js';
import { useMutation } from '@tanstack/react-query';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreatePersonalTokenBody, PatchPersonalTokenBody } from '../../../src-shared/api/personal-tokens.js';
import type { CreatedToken } from '../../../src-shared/api/tokens.js';
import type { ResponseOf } from '../../../src-shared/ipc/contract.js';
import { request } from '../../bridge.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';
import { useRotation, useSecretMutation, type Revealed } from '../../data/secret-mutation.js';

type PersonalTokenList = ResponseOf<'personalTokens:list'>;

/**
 * The user's own personal tokens: each answer (metadata only) is put into the list; a new token's
 * secret goes to the reveal dialog only (useSecretMutation).
 */

function patchList(connectionId: string, change: (tokens: TokenMeta[]) => TokenMeta[]): void {
  queryClient.setQueryData<PersonalTokenList>(queryKeys.personalTokens(connectionId), (list) =>
    list ? { ...list, items: change(list.items) } : list,
  );
}

const put = (token: TokenMeta) => (tokens: TokenMeta[]) =>
  tokens.some((held) => held.id === token.id)
    ? tokens.map((held) => (held.id === token.id ? token : held))
    : [...tokens, token];

export function useCreatePersonalToken(connectionId: string, reveal: (revealed: Revealed<CreatedToken>) => void) {
  return useSecretMutation({
    send: (input: CreatePersonalTokenBody) =>
      request((bridge) => bridge.personalTokens.create({ connectionId, input })),
    reveal,
    onSuccess: ({ token }) => patchList(connectionId, put(token)),
  });
}

export function useUpdatePersonalToken(connectionId: string) {
  return useMutation({
    mutationFn: ({ name, patch }: { name: string; patch: PatchPersonalTokenBody }) =>
      request((bridge) => bridge.personalTokens.update({ connectionId, name, patch })),
    onSuccess: (token) => patchList(connectionId, put(token)),
  });
}

/** Rotate: the own token's new secret is main's, another's goes to the reveal (useRotation). */
export function useRotatePersonalToken(
  connectionId: string,
  reveal: (revealed: Revealed<{ token: TokenMeta; previous: TokenMeta; secret: string }>) => void,
) {
  return useRotation({
    send: (rotation: RotationInput) => request((bridge) => bridge.personalTokens.rotate({ connectionId, ...rotation })),
    reveal,
    onSuccess: ({ token, previous }) => patchList(connectionId, (tokens) => put(token)(put(previous)(tokens))),
  });
}

export function useDeletePersonalToken(connectionId: string) {
  return useMutation({
    mutationFn: (name: string) => request((bridge) => bridge.personalTokens.remove({ connectionId, name })),
    onSuccess: (_null, name) => patchList(connectionId, (tokens) => tokens.filter((token) => token.name !== name)),
  });
}
