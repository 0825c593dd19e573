import { useId, useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { AppError } from '../../../src-shared/errors.js';
import { SAME_GROUP_MESSAGE } from '../../../src-shared/errors.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PlusIcon } from '../../components/icons.js';
import { UNAVAILABLE_OFFLINE } from '../../components/use-can-change.js';
import { useAppStore } from '../../store/app-store.js';
import { TokenDialogs, type TokenFlow } from '../tokens/TokenDialogs.js';
import { TokenRow } from '../tokens/TokenRow.js';
import { useGrantReason, useTokenGate } from './use-account-access.js';

export type AccountTokensTabProps = {
  account: AccountRow;
  /** undefined: not loaded yet; null: hidden by the same-group rule (seed 002). */
  tokens: readonly TokenMeta[] | null | undefined;
  loading: boolean;
  now: number;
};

export const SECRETS_ONCE_NOTE = 'Secrets are shown only once, when a token is created or rotated.';

type StatusFailure = { name: string; wanted: 'ACTIVE' | 'SUSPENDED'; error: AppError };

/**
 * The account's tokens (metadata only: the server never keeps a secret) and their lifecycle:
 * generate, suspend/reactivate, max RPS, rotate, delete. Every change is disabled ahead of time, with
 * the reason, when offline or when the admin's roles or groups do not allow it.
 */
export function AccountTokensTab({ account, tokens, loading, now }: AccountTokensTabProps) {
  const gate = useTokenGate(account);
  const grantReason = useGrantReason();
  const pending = useAppStore((state) => state.pendingTokens);
  const updateToken = useAppStore((state) => state.updateToken);
  const [flow, setFlow] = useState<TokenFlow | null>(null);
  const [statusFailure, setStatusFailure] = useState<StatusFailure | null>(null);
  const reasonId = useId();

  async function toggleStatus(token: TokenMeta) {
    const wanted = token.status === 'SUSPENDED' ? 'ACTIVE' : 'SUSPENDED';
    setStatusFailure(null);
    const result = await updateToken(account.id, token.name, { status: wanted });
    if (!result.ok) setStatusFailure({ name: token.name, wanted, error: result.error });
  }

  // When the server hid the tokens for the same reason the button is blocked, say it once, below.
  const reasonBelow = tokens === null && !gate.allowed && gate.reason !== UNAVAILABLE_OFFLINE;
  const toolbar = (
    <div className="tokens-toolbar">
      <ChangeButton
        className="button button--primary"
        blockedReason={gate.reason}
        aria-describedby={gate.allowed ? undefined : reasonId}
        onClick={() => setFlow({ kind: 'create' })}
      >
        <PlusIcon />
        Generate new token
      </ChangeButton>
      {gate.allowed || reasonBelow ? null : (
        <span id={reasonId} className="blocked-reason">
          {gate.reason}
        </span>
      )}
      <span className="form__spacer" />
      <span className="muted small">{SECRETS_ONCE_NOTE}</span>
    </div>
  );

  let body;
  if (tokens === undefined) {
    body = <p className="muted">{loading ? 'Loading tokens…' : 'Tokens are not available.'}</p>;
  } else if (tokens === null) {
    // Hidden by the server: say why in the words of the rule that hid them.
    const why = reasonBelow ? gate.reason : SAME_GROUP_MESSAGE;
    body = (
      <div className="notice notice--info">
        <p id={reasonBelow ? reasonId : undefined}>{why}</p>
        <p className="muted">
          {why === SAME_GROUP_MESSAGE
            ? 'Ask an admin to add you to one of this service account’s groups.'
            : 'Ask an admin for a role that manages tokens.'}
        </p>
      </div>
    );
  } else if (tokens.length === 0) {
    body = (
      <EmptyState title="No tokens yet">
        <p>This service account has no API tokens.</p>
      </EmptyState>
    );
  } else {
    body = (
      <div className="table-wrap">
        <table className="table table--tokens" aria-label="Tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Hint</th>
              <th scope="col">Status</th>
              <th scope="col">Roles</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Max RPS</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <TokenRow
                key={token.id}
                token={token}
                now={now}
                blockedReason={gate.reason}
                grantReason={grantReason(token)}
                pending={pending[`${account.id}/${token.name}`] === true}
                onToggleStatus={(t) => void toggleStatus(t)}
                onAction={(kind, t) => setFlow({ kind, token: t })}
              />
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="tokens-tab">
      {toolbar}
      {statusFailure ? (
        <div className="notice notice--error notice--inline" role="alert" data-code={statusFailure.error.code}>
          <p>
            <strong>
              Could not {statusFailure.wanted === 'SUSPENDED' ? 'suspend' : 'reactivate'} {statusFailure.name}.
            </strong>{' '}
            {statusFailure.error.message || 'Something went wrong.'}
          </p>
          <button type="button" className="button button--small" onClick={() => setStatusFailure(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {body}
      <TokenDialogs flow={flow} onFlow={setFlow} account={account} tokens={tokens ?? []} blockedReason={gate.reason} />
    </div>
  );
}
