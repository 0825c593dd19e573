import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreatedToken } from '../../../src-shared/api/tokens.js';
import { appErrorOf } from '../../bridge.js';
import { TokenStatusBadge } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { useNow } from '../../components/use-now.js';
import { useSelectedConnectionId } from '../../data/connection-data.js';
import { personalTokensQuery } from '../../data/queries.js';
import type { Revealed } from '../../data/secret-mutation.js';
import { formatExact, formatRelative } from '../../lib/time-format.js';
import { RevealDialog } from '../tokens/RevealDialog.js';
import { CreatePersonalTokenDialog } from './CreatePersonalTokenDialog.js';
import { DeletePersonalTokenDialog } from './DeletePersonalTokenDialog.js';
import { useUpdatePersonalToken } from './personal-token-mutations.js';

/**
 * The admin's own personal API tokens (seed 001). The list is read through the bridge each time the
 * screen opens; the secret of a new token lives only in this component until the reveal is done.
 */
export function PersonalTokensScreen() {
  const connectionId = useSelectedConnectionId();
  const now = useNow(30_000);
  const list = useQuery({ ...personalTokensQuery(connectionId ?? ''), enabled: connectionId !== null });
  const tokens = list.data ?? null;
  // Without a connection there are no tokens, so nothing to switch.
  const toggle = useUpdatePersonalToken(connectionId ?? '');
  const pending = toggle.isPending ? (toggle.variables?.name ?? null) : null;
  const error = list.error ?? toggle.error;
  const [creating, setCreating] = useState(false);
  /** The one-time reveal's data: held here, in component state, and dropped when the dialog closes. */
  const [revealed, setRevealed] = useState<Revealed<CreatedToken> | null>(null);
  const [deleting, setDeleting] = useState<TokenMeta | null>(null);

  function toggleStatus(token: TokenMeta) {
    toggle.mutate({ name: token.name, patch: { status: token.status === 'SUSPENDED' ? 'ACTIVE' : 'SUSPENDED' } });
  }

  const createButton = (
    <ChangeButton className="button button--primary" onClick={() => setCreating(true)}>
      Create token
    </ChangeButton>
  );

  return (
    <div className="screen">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Personal tokens</h1>
          <p className="screen__subtitle">
            Tokens that act as you, for scripts and tools such as Terraform. Each has your permissions and never more;
            they stop working when your account is disabled or deleted.
          </p>
        </div>
        {createButton}
      </div>
      {error ? <ErrorMessage error={appErrorOf(error)} prefix="Could not load your personal tokens:" /> : null}
      {!connectionId ? (
        <p className="muted">Choose a connection first.</p>
      ) : tokens === null ? (
        error ? null : (
          <p className="muted">Loading personal tokens…</p>
        )
      ) : tokens.length === 0 ? (
        <EmptyState title="No personal tokens yet" action={createButton}>
          <p>Create one to call the TokenDesk API as yourself. Keep it out of code: use an environment variable.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table--personal" aria-label="Personal tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Hint</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row" className="cell-name strong">
                    {token.name}
                  </th>
                  <td>
                    <code className="mono hint">{token.hint}</code>
                  </td>
                  <td>
                    <TokenStatusBadge status={token.status} />
                  </td>
                  <td>
                    <ExpiryText expiresAt={token.expiresAt} now={now} noneText="Never" />
                    {token.expiresAt ? <div className="muted small">{formatExact(token.expiresAt)}</div> : null}
                  </td>
                  <td>
                    {token.lastUsedAt ? (
                      <span title={formatExact(token.lastUsedAt)}>{formatRelative(token.lastUsedAt, now)}</span>
                    ) : (
                      <span className="muted">Never</span>
                    )}
                  </td>
                  <td className="cell-actions">
                    <div className="token-actions">
                      {token.status === 'ACTIVE' || token.status === 'SUSPENDED' ? (
                        <ChangeButton
                          className="button button--small"
                          aria-label={`${token.status === 'SUSPENDED' ? 'Reactivate' : 'Suspend'} ${token.name}`}
                          disabled={pending === token.name}
                          onClick={() => toggleStatus(token)}
                        >
                          {token.status === 'SUSPENDED' ? 'Reactivate' : 'Suspend'}
                        </ChangeButton>
                      ) : null}
                      <ChangeButton
                        className="button button--small button--danger-ghost"
                        aria-label={`Delete ${token.name}`}
                        onClick={() => setDeleting(token)}
                      >
                        Delete
                      </ChangeButton>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {connectionId !== null && creating ? (
        <CreatePersonalTokenDialog
          connectionId={connectionId}
          takenNames={(tokens ?? []).map((t) => t.name)}
          onRevealed={(next) => {
            setCreating(false);
            setRevealed(next);
          }}
          onClose={() => setCreating(false)}
        />
      ) : null}
      {revealed ? (
        <RevealDialog
          secret={revealed.secret}
          token={revealed.answer.token}
          reason="created"
          onDone={() => setRevealed(null)}
        />
      ) : null}
      {connectionId !== null && deleting ? (
        <DeletePersonalTokenDialog connectionId={connectionId} token={deleting} onClose={() => setDeleting(null)} />
      ) : null}
    </div>
  );
}
