import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import { SAME_GROUP_MESSAGE } from '../../../src-shared/errors.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { AddButton } from '../../components/AddButton.js';
import { UNAVAILABLE_OFFLINE } from '../../components/use-can-change.js';
import { appErrorOf } from '../../bridge.js';
import { useOwnTokenId, useTokenPolicy } from '../../data/connection-data.js';
import { savedEntriesQuery } from '../../data/queries.js';
import { RotatedOwnNotice, useStatusToggle } from '../tokens/own-token.js';
import { TokenDialogs, type TokenFlow } from '../tokens/TokenDialogs.js';
import { usePendingTokens, useUpdateToken } from '../tokens/token-mutations.js';
import { activeCapReason, reactivationRefusal } from '../../lib/expiry-policy.js';
import { TokensTable } from '../tokens/TokensTable.js';
import { useGrantReason, useTokenGate } from './use-account-access.js';

export type AccountTokensTabProps = {
  connectionId: string;
  account: AccountRow;
  /** undefined: not loaded yet; null: hidden by the same-group rule (a member sees an account's tokens only when they share a group). */
  tokens: readonly TokenMeta[] | null | undefined;
  loading: boolean;
  now: number;
};

export const SECRETS_ONCE_NOTE = 'Secrets are shown only once, when a token is created or rotated.';

/**
 * The account's tokens (metadata only: the server never keeps a secret) and their lifecycle:
 * generate, suspend/reactivate, max RPS, rotate, delete. Every change is disabled ahead of time, with
 * the reason, when offline or when the admin's roles or groups do not allow it.
 */
export function AccountTokensTab({ connectionId, account, tokens, loading, now }: AccountTokensTabProps) {
  const gate = useTokenGate(account);
  const grantReason = useGrantReason();
  const pending = usePendingTokens(connectionId, account.id);
  const statusChange = useUpdateToken(connectionId, account.id);
  const [flow, setFlow] = useState<TokenFlow | null>(null);
  const reasonId = useId();
  /** When the connection signs in with one of this account's tokens: marked, and its suspend asks first. */
  const ownTokenId = useOwnTokenId();
  const saved = useQuery(savedEntriesQuery(connectionId)).data;
  const savedTo = new Map((saved ?? []).filter((e) => e.accountId === account.id).map((e) => [e.tokenName, e]));
  const status = useStatusToggle(statusChange, ownTokenId, gate.reason);
  const [rotatedOwn, setRotatedOwn] = useState<string | null>(null);
  const failed = statusChange.error && statusChange.variables;
  // The domain's policy: a suspended token it no longer allows comes back through a dialog with a new
  // expiry; at the account's cap of active tokens, Reactivate says why it is off.
  const policy = useTokenPolicy();
  const toggleStatus = (token: TokenMeta) => {
    const refusal = token.status === 'SUSPENDED' ? reactivationRefusal(policy, token, account, now) : null;
    if (refusal) setFlow({ kind: 'reactivate', token, refusal });
    else status.toggleStatus(token);
  };
  const capReason = activeCapReason(policy, tokens ?? []);

  // When the server hid the tokens for the same reason the button is blocked, say it once, below.
  const reasonBelow = tokens === null && !gate.allowed && gate.reason !== UNAVAILABLE_OFFLINE;
  const toolbar = (
    <div className="tokens-toolbar">
      <AddButton
        label="Generate new token"
        blockedReason={gate.reason}
        describedBy={gate.allowed ? undefined : reasonId}
        onClick={() => setFlow({ kind: 'create' })}
      />
      {gate.allowed || reasonBelow ? null : (
        <span id={reasonId} className="blocked-reason">
          {gate.reason}
        </span>
      )}
      <span className="form__spacer" />
      <span className="muted small">{SECRETS_ONCE_NOTE}</span>
    </div>
  );

  // Hidden by the server: say why in the words of the rule that hid them.
  const why = reasonBelow ? gate.reason : SAME_GROUP_MESSAGE;
  const body =
    tokens === null ? (
      <div className="notice notice--info">
        <p id={reasonBelow ? reasonId : undefined}>{why}</p>
        <p className="muted">
          {why === SAME_GROUP_MESSAGE
            ? 'Ask an admin to add you to one of this service account’s groups.'
            : 'Ask an admin for a role that manages tokens.'}
        </p>
      </div>
    ) : (
      <TokensTable
        tokens={tokens}
        loading={loading}
        now={now}
        blockedReason={gate.reason}
        grantReason={(token) => grantReason(token, account)}
        reactivateReason={capReason}
        pending={pending}
        onToggleStatus={toggleStatus}
        onAction={(kind, t) => setFlow({ kind, token: t })}
        ownTokenId={ownTokenId}
        savedTo={savedTo}
      />
    );

  return (
    <div className="tokens-tab">
      {toolbar}
      {rotatedOwn ? <RotatedOwnNotice name={rotatedOwn} /> : null}
      {failed && !status.confirming ? (
        <StatusFailure
          name={failed.name}
          wanted={failed.patch.status}
          error={appErrorOf(statusChange.error)}
          onDismiss={statusChange.reset}
        />
      ) : null}
      {body}
      <TokenDialogs
        connectionId={connectionId}
        flow={flow}
        onFlow={setFlow}
        account={account}
        tokens={tokens ?? []}
        blockedReason={gate.reason}
        onRotatedOwn={(token) => setRotatedOwn(token.name)}
      />
      {status.confirm}
    </div>
  );
}

type StatusFailureProps = {
  name: string;
  wanted: string | undefined;
  error: { code: string; message: string };
  onDismiss: () => void;
};

/** A suspend or reactivate the server refused, in its words, until dismissed or tried again. */
function StatusFailure({ name, wanted, error, onDismiss }: StatusFailureProps) {
  return (
    <div className="notice notice--error notice--inline" role="alert" data-code={error.code}>
      <p>
        <strong>
          Could not {wanted === 'SUSPENDED' ? 'suspend' : 'reactivate'} {name}.
        </strong>{' '}
        {error.message || 'Something went wrong.'}
      </p>
      <button type="button" className="button button--small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
