import { CopyableText } from '../../components/CopyButton.js';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreatedToken } from '../../../src-shared/api/tokens.js';
import { appErrorOf } from '../../bridge.js';
import { rotateRefusal } from '../../../src-shared/authz.js';
import { NameUsedByThisApp, TokenStatusBadge } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { buttonsColumn } from '../../components/RowButtons.js';
import { CacheNotice } from '../../components/CacheNotice.js';
import { PastTime } from '../../components/time-text.js';
import { useNow } from '../../components/use-now.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useOwnTokenId, useSelectedConnectionId } from '../../data/connection-data.js';
import { personalTokensQuery } from '../../data/queries.js';
import type { Revealed } from '../../data/secret-mutation.js';
import { formatExact } from '../../lib/time-format.js';
import { OWN_TOKEN_NOTE, RotatedOwnNotice, useStatusToggle } from '../tokens/own-token.js';
import { RevealDialog } from '../tokens/RevealDialog.js';
import { CreatePersonalTokenDialog } from './CreatePersonalTokenDialog.js';
import { DeletePersonalTokenDialog } from './DeletePersonalTokenDialog.js';
import { useUpdatePersonalToken } from './personal-token-mutations.js';
import { RotatePersonalTokenDialog } from './RotatePersonalTokenDialog.js';

const columns = (now: number, ownTokenId: string | null): Column<TokenMeta>[] => [
  {
    header: 'Name',
    rowHeader: true,
    className: 'cell-name strong',
    cell: (token) => (
      <NameUsedByThisApp
        name={<CopyableText text={token.name} what={`name of ${token.name}`} />}
        used={token.id === ownTokenId}
      />
    ),
  },
  {
    header: 'Hint',
    width: '150px',
    priority: 'low',
    cell: (token) => <CopyableText text={token.hint} what={`hint of ${token.name}`} className="mono hint" />,
  },
  { header: 'Status', width: '110px', cell: (token) => <TokenStatusBadge status={token.status} leak={token.leak} /> },
  {
    header: 'Expires',
    width: '180px',
    cell: (token) => (
      <>
        <ExpiryText expiresAt={token.expiresAt} now={now} noneText="Never" />
        {token.expiresAt ? <div className="muted small">{formatExact(token.expiresAt)}</div> : null}
      </>
    ),
  },
  {
    header: 'Last used',
    width: '130px',
    priority: 'low',
    cell: (token) => <PastTime at={token.lastUsedAt} now={now} />,
  },
];

/**
 * The admin's own personal API tokens. The list is read through the bridge each time the
 * screen opens; the secret of a new token lives only in this component until the reveal is done.
 */
export function PersonalTokensScreen() {
  const connectionId = useSelectedConnectionId();
  const now = useNow(30_000);
  const list = useQuery({ ...personalTokensQuery(connectionId ?? ''), enabled: connectionId !== null });
  const tokens = list.data?.items;
  // Without a connection there are no tokens, so nothing to switch.
  const toggle = useUpdatePersonalToken(connectionId ?? '');
  const pending = toggle.isPending ? (toggle.variables?.name ?? null) : null;
  const error = list.error ?? toggle.error;
  const [creating, setCreating] = useState(false);
  /** The one-time reveal's data: held here, in component state, and dropped when the dialog closes. */
  const [revealed, setRevealed] = useState<(Revealed<CreatedToken> & { reason: 'created' | 'rotated' }) | null>(null);
  const [deleting, setDeleting] = useState<TokenMeta | null>(null);
  const [rotating, setRotating] = useState<TokenMeta | null>(null);
  const [rotatedOwn, setRotatedOwn] = useState<string | null>(null);
  const ownTokenId = useOwnTokenId();
  /** The own token's suspend waits in its confirmation: it would cut this app off from the server. */
  const status = useStatusToggle(toggle, ownTokenId, null);

  /** Why a row's Rotate is off (the server's own rule), shown under the row. */
  const rotateWhy = (token: TokenMeta) => rotateRefusal(token, new Date(now).toISOString());

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
      {list.data?.fromCache ? <CacheNotice what="your personal tokens" asOf={list.data.asOf} /> : null}
      {rotatedOwn ? <RotatedOwnNotice name={rotatedOwn} /> : null}
      {error ? <ErrorMessage error={appErrorOf(error)} prefix="Could not load your personal tokens:" /> : null}
      {!connectionId ? (
        <p className="muted">Choose a connection first.</p>
      ) : (
        <DataTable
          label="Personal tokens"
          className="table--personal"
          columns={columns(now, ownTokenId)}
          rows={tokens}
          rowKey={(token) => token.id}
          loading={<p className="muted">Loading personal tokens…</p>}
          empty={
            <EmptyState title="No personal tokens yet" action={createButton}>
              <p>Create one to call the TokenDesk API as yourself. Keep it out of code: use an environment variable.</p>
            </EmptyState>
          }
          failed={list.error !== null}
          actions={buttonsColumn(
            '260px',
            (token: TokenMeta) => {
              const toggled = token.status === 'SUSPENDED' ? 'Reactivate' : 'Suspend';
              return [
                token.status === 'ACTIVE' || token.status === 'SUSPENDED'
                  ? {
                      label: toggled,
                      name: `${toggled} ${token.name}`,
                      disabled: pending === token.name,
                      onClick: () => status.toggleStatus(token),
                    }
                  : null,
                {
                  label: 'Rotate',
                  name: `Rotate ${token.name}`,
                  blockedReason: rotateWhy(token),
                  describedBy: rotateWhy(token) === null ? undefined : `${token.id}-why`,
                  onClick: () => setRotating(token),
                },
                { label: 'Delete', name: `Delete ${token.name}`, danger: true, onClick: () => setDeleting(token) },
              ];
            },
            (token) => token.name,
          )}
          // Below 1100 px the hint and last use fold under the name, which keeps room for a long name;
          // below 820 px the buttons fold into a menu too.
          narrowBelow={1100}
          menuBelow={820}
          details={{
            kind: 'note',
            content: (token) => {
              const why = rotateWhy(token);
              if (why !== null) {
                return (
                  <span id={`${token.id}-why`} className="blocked-reason">
                    {why}
                  </span>
                );
              }
              return token.id === ownTokenId ? <span className="blocked-reason">{OWN_TOKEN_NOTE}</span> : null;
            },
          }}
        />
      )}
      {connectionId !== null && creating ? (
        <CreatePersonalTokenDialog
          connectionId={connectionId}
          takenNames={(tokens ?? []).map((t) => t.name)}
          onRevealed={(next) => {
            setCreating(false);
            setRevealed({ ...next, reason: 'created' });
          }}
          onClose={() => setCreating(false)}
        />
      ) : null}
      {revealed ? (
        <RevealDialog
          secret={revealed.secret}
          token={revealed.answer.token}
          reason={revealed.reason}
          onDone={() => setRevealed(null)}
        />
      ) : null}
      {connectionId !== null && deleting ? (
        <DeletePersonalTokenDialog
          connectionId={connectionId}
          token={deleting}
          ownToken={deleting.id === ownTokenId}
          onClose={() => setDeleting(null)}
        />
      ) : null}
      {status.confirm}
      {connectionId !== null && rotating ? (
        <RotatePersonalTokenDialog
          connectionId={connectionId}
          token={rotating}
          ownToken={rotating.id === ownTokenId}
          onRevealed={(next) => {
            setRotating(null);
            setRevealed({ secret: next.secret, answer: { token: next.answer.token }, reason: 'rotated' });
          }}
          onStored={(token) => {
            setRotating(null);
            setRotatedOwn(token.name);
          }}
          onClose={() => setRotating(null)}
        />
      ) : null}
    </div>
  );
}
