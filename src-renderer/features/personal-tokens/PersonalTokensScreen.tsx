import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreatedToken } from '../../../src-shared/api/tokens.js';
import { appErrorOf } from '../../bridge.js';
import { TokenStatusBadge } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { buttonsColumn } from '../../components/RowButtons.js';
import { PastTime } from '../../components/time-text.js';
import { useNow } from '../../components/use-now.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useSelectedConnectionId } from '../../data/connection-data.js';
import { personalTokensQuery } from '../../data/queries.js';
import type { Revealed } from '../../data/secret-mutation.js';
import { formatExact } from '../../lib/time-format.js';
import { RevealDialog } from '../tokens/RevealDialog.js';
import { CreatePersonalTokenDialog } from './CreatePersonalTokenDialog.js';
import { DeletePersonalTokenDialog } from './DeletePersonalTokenDialog.js';
import { useUpdatePersonalToken } from './personal-token-mutations.js';

const columns = (now: number): Column<TokenMeta>[] => [
  { header: 'Name', rowHeader: true, className: 'cell-name strong', cell: (token) => token.name },
  { header: 'Hint', cell: (token) => <code className="mono hint">{token.hint}</code> },
  { header: 'Status', cell: (token) => <TokenStatusBadge status={token.status} /> },
  {
    header: 'Expires',
    width: '200px',
    cell: (token) => (
      <>
        <ExpiryText expiresAt={token.expiresAt} now={now} noneText="Never" />
        {token.expiresAt ? <div className="muted small">{formatExact(token.expiresAt)}</div> : null}
      </>
    ),
  },
  { header: 'Last used', cell: (token) => <PastTime at={token.lastUsedAt} now={now} /> },
];

/**
 * The admin's own personal API tokens (seed 001). The list is read through the bridge each time the
 * screen opens; the secret of a new token lives only in this component until the reveal is done.
 */
export function PersonalTokensScreen() {
  const connectionId = useSelectedConnectionId();
  const now = useNow(30_000);
  const list = useQuery({ ...personalTokensQuery(connectionId ?? ''), enabled: connectionId !== null });
  const tokens = list.data;
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
      <ScreenHeader
        title="Personal tokens"
        subtitle={
          <>
            Tokens that act as you, for scripts and tools such as Terraform. Each has your permissions and never more;
            they stop working when your account is disabled or deleted.
          </>
        }
      >
        {createButton}
      </ScreenHeader>
      {error ? <ErrorMessage error={appErrorOf(error)} prefix="Could not load your personal tokens:" /> : null}
      {!connectionId ? (
        <p className="muted">Choose a connection first.</p>
      ) : (
        <DataTable
          label="Personal tokens"
          className="table--personal"
          columns={columns(now)}
          rows={tokens}
          rowKey={(token) => token.id}
          loading={<p className="muted">Loading personal tokens…</p>}
          empty={
            <EmptyState title="No personal tokens yet" action={createButton}>
              <p>Create one to call the TokenDesk API as yourself. Keep it out of code: use an environment variable.</p>
            </EmptyState>
          }
          failed={list.error !== null}
          actions={buttonsColumn('200px', (token: TokenMeta) => {
            const toggled = token.status === 'SUSPENDED' ? 'Reactivate' : 'Suspend';
            return [
              token.status === 'ACTIVE' || token.status === 'SUSPENDED'
                ? {
                    label: toggled,
                    name: `${toggled} ${token.name}`,
                    disabled: pending === token.name,
                    onClick: () => toggleStatus(token),
                  }
                : null,
              { label: 'Delete', name: `Delete ${token.name}`, danger: true, onClick: () => setDeleting(token) },
            ];
          })}
        />
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
