import { useCallback, useEffect, useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreatePersonalTokenBody } from '../../../src-shared/api/personal-tokens.js';
import type { AppError } from '../../../src-shared/errors.js';
import { call } from '../../bridge.js';
import { TokenStatusBadge } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { useNow } from '../../components/use-now.js';
import { formatExact, formatRelative } from '../../lib/time-format.js';
import { useAppStore } from '../../store/app-store.js';
import { RevealDialog } from '../tokens/RevealDialog.js';
import { CreatePersonalTokenDialog } from './CreatePersonalTokenDialog.js';
import { DeletePersonalTokenDialog } from './DeletePersonalTokenDialog.js';

/** The one-time reveal's data: held here, in component state, and dropped when the dialog closes. */
type Revealed = { token: TokenMeta; secret: string };

/**
 * The admin's own personal API tokens (seed 001). The list is read through the bridge each time the
 * screen opens; the secret of a new token lives only in this component until the reveal is done.
 */
export function PersonalTokensScreen() {
  const connectionId = useAppStore((state) => state.selectedConnectionId);
  const now = useNow(30_000);
  const [tokens, setTokens] = useState<TokenMeta[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [deleting, setDeleting] = useState<TokenMeta | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  // Bumped after each change, to read the list again.
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!connectionId) return;
    let live = true;
    void call((bridge) => bridge.personalTokens.list({ connectionId })).then((result) => {
      if (!live) return;
      if (result.ok) {
        setTokens(result.value);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [connectionId, version]);

  async function generate(input: CreatePersonalTokenBody): Promise<AppError | null> {
    if (!connectionId) return null;
    const result = await call((bridge) => bridge.personalTokens.create({ connectionId, input }));
    if (!result.ok) return result.error;
    setCreating(false);
    setRevealed({ token: result.value.token, secret: result.value.secret });
    reload();
    return null;
  }

  async function remove(token: TokenMeta): Promise<AppError | null> {
    if (!connectionId) return null;
    const result = await call((bridge) => bridge.personalTokens.remove({ connectionId, name: token.name }));
    if (!result.ok) return result.error;
    reload();
    return null;
  }

  async function toggle(token: TokenMeta) {
    if (!connectionId) return;
    setPending(token.name);
    const status = token.status === 'SUSPENDED' ? 'ACTIVE' : 'SUSPENDED';
    const result = await call((bridge) =>
      bridge.personalTokens.update({ connectionId, name: token.name, patch: { status } }),
    );
    setPending(null);
    if (result.ok) reload();
    else setError(result.error);
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
      {error ? <ErrorMessage error={error} prefix="Could not load your personal tokens:" /> : null}
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
                          onClick={() => void toggle(token)}
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
      {creating ? (
        <CreatePersonalTokenDialog
          takenNames={(tokens ?? []).map((t) => t.name)}
          onGenerate={generate}
          onClose={() => setCreating(false)}
        />
      ) : null}
      {revealed ? (
        <RevealDialog
          secret={revealed.secret}
          token={revealed.token}
          reason="created"
          onDone={() => setRevealed(null)}
        />
      ) : null}
      {deleting ? (
        <DeletePersonalTokenDialog
          token={deleting}
          onDelete={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </div>
  );
}
