import { useMutation, useMutationState, type Mutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { CreateServiceAccountBody, PatchServiceAccountBody } from '../../../src-shared/api/service-accounts.js';
import type { AppError } from '../../../src-shared/errors.js';
import type { AccountDetail } from '../../../src-shared/ipc/models.js';
import { appErrorOf, request } from '../../bridge.js';
import { patchAccount, putAccount, removeAccount } from '../../data/cache-patches.js';
import { queryClient } from '../../data/query-client.js';
import { mutationKeys } from '../../data/query-keys.js';
import { forgetMutations, runMutation } from '../../data/run-mutation.js';
import { useAppStore } from '../../store/app-store.js';

/**
 * Creating, changing and deleting service accounts. Main has changed its cached snapshot when these
 * answer, and each answer is the account as main now holds it: it is put into the list and the
 * detail, and the snapshot:changed event that comes with it needs nothing more (no reload).
 */

export function useCreateAccount(connectionId: string) {
  return useMutation({
    mutationFn: (input: CreateServiceAccountBody) =>
      request((bridge) => bridge.accounts.create({ connectionId, input })),
    onSuccess: (account) => putAccount(connectionId, account),
  });
}

export function useUpdateAccount(connectionId: string, accountId: string) {
  return useMutation({
    mutationKey: mutationKeys.account(connectionId, accountId, 'update'),
    mutationFn: (patch: PatchServiceAccountBody) =>
      request((bridge) => bridge.accounts.update({ connectionId, id: accountId, patch })),
    onSuccess: (account) => putAccount(connectionId, account),
  });
}

export function useDeleteAccount(connectionId: string, accountId: string) {
  return useMutation({
    mutationKey: mutationKeys.account(connectionId, accountId, 'delete'),
    mutationFn: () => request((bridge) => bridge.accounts.remove({ connectionId, id: accountId })),
    onSuccess: () => {
      removeAccount(connectionId, accountId);
      const { route, navigate } = useAppStore.getState();
      if (route.name === 'account' && route.accountId === accountId) navigate({ name: 'accounts' });
    },
  });
}

/** An enable/disable: what was asked, for the message if the server refuses. */
export type EnabledChange = { accountId: string; accountName: string; enabled: boolean };

const isEnabledChange = (mutation: Mutation<unknown, Error, unknown>) =>
  mutation.options.mutationKey?.at(-1) === 'enabled';

/**
 * Enable/disable, optimistic: the list and the detail show the new state at once and go back (with
 * a message, useEnabledFailure) if the server refuses. It belongs to no component, as the row that
 * started it may scroll out of the virtual list before the answer comes. A second flip of the same
 * account waits for the first.
 */
export function setAccountEnabled(connectionId: string, change: EnabledChange): void {
  const mutationKey = mutationKeys.account(connectionId, change.accountId, 'enabled');
  if (queryClient.isMutating({ mutationKey }) > 0) return;
  // A new flip replaces the message of an earlier refused one.
  forgetMutations({ mutationKey: ['connection', connectionId, 'account'], predicate: isEnabledChange });
  runMutation(
    {
      mutationKey,
      mutationFn: ({ accountId, enabled }: EnabledChange): Promise<AccountDetail> =>
        request((bridge) => bridge.accounts.update({ connectionId, id: accountId, patch: { enabled } })),
      onMutate: ({ accountId, enabled }) => patchAccount(connectionId, accountId, (row) => ({ ...row, enabled })),
      onSuccess: (account) => putAccount(connectionId, account),
      onError: (_error, { accountId, enabled }) =>
        patchAccount(connectionId, accountId, (row) => (row.enabled === enabled ? { ...row, enabled: !enabled } : row)),
    },
    change,
  ).catch(() => undefined); // Shown by useEnabledFailure.
}

/** The accounts whose flip is waiting for the server: one subscription for a whole list. */
export function useEnabledPendingIds(connectionId: string | null): ReadonlySet<string> {
  const ids = useMutationState({
    filters: {
      mutationKey: ['connection', connectionId ?? '', 'account'],
      predicate: isEnabledChange,
      status: 'pending',
    },
    select: (mutation) => (mutation.state.variables as EnabledChange).accountId,
  });
  // The array is a new one at every change of the mutation cache; the set only when its ids change.
  const key = ids.join('\n');
  return useMemo(() => new Set(key === '' ? [] : key.split('\n')), [key]);
}

export type EnabledFailure = EnabledChange & { error: AppError; dismiss: () => void };

/** The last flip the server refused (of this account only, when given), until dismissed or flipped again. */
export function useEnabledFailure(connectionId: string | null, accountId?: string): EnabledFailure | null {
  const failures = useMutationState({
    filters: {
      mutationKey: ['connection', connectionId ?? '', 'account', ...(accountId === undefined ? [] : [accountId])],
      predicate: isEnabledChange,
      status: 'error',
    },
    select: (mutation) => ({
      ...(mutation.state.variables as EnabledChange),
      error: appErrorOf(mutation.state.error),
      id: mutation.mutationId,
    }),
  });
  const last = failures.at(-1);
  if (connectionId === null || !last) return null;
  const { id, ...failure } = last;
  return { ...failure, dismiss: () => forgetMutations({ predicate: (mutation) => mutation.mutationId === id }) };
}
