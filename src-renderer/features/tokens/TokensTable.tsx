import type { TokenMeta } from '../../../src-shared/api/models.js';
import { NameUsedByThisApp, RoleChips, TokenStatusBadge } from '../../components/badges.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { buttonsColumn, type RowAction } from '../../components/RowButtons.js';
import { CopyableText, CopyButton } from '../../components/CopyButton.js';
import { formatCount } from '../../lib/numbers.js';
import { formatRemaining } from '../../lib/remaining.js';
import { formatExact, formatRelative, isPast } from '../../lib/time-format.js';
import { OWN_TOKEN_NOTE } from './own-token.js';
import { TARGET_LABELS, type SavedTo } from '../../../src-shared/ipc/password-managers.js';

export type TokenAction = 'maxRps' | 'rotate' | 'delete';

export type TokensTableProps = {
  /** Undefined while they load. */
  tokens: readonly TokenMeta[] | undefined;
  /** What "not loaded" means now: on its way, or not available. */
  loading: boolean;
  now: number;
  /** Why changes are not possible now (offline, roles, groups); null when they are. */
  blockedReason: string | null;
  /** Why the user may not give a token rights back (reactivate, rotate): its roles go beyond theirs. */
  grantReason: (token: TokenMeta) => string | null;
  /** Why no suspended token may come back now (the domain's cap on active tokens), or null. */
  reactivateReason?: string | null;
  /** The names of the tokens whose suspend or reactivate is on its way. */
  pending: ReadonlySet<string>;
  onToggleStatus: (token: TokenMeta) => void;
  onAction: (action: TokenAction, token: TokenMeta) => void;
  /** The token this connection signs in with, when it is one of this account's (useOwnTokenId); else null. */
  ownTokenId?: string | null;
  /** Where each token was saved with Save to…, by token name. */
  savedTo?: ReadonlyMap<string, SavedTo>;
};

const columns = (
  now: number,
  ownTokenId: string | null,
  savedTo?: ReadonlyMap<string, SavedTo>,
): Column<TokenMeta>[] => [
  {
    header: 'Name',
    rowHeader: true,
    className: 'cell-name',
    cell: (token) => (
      <>
        <NameUsedByThisApp name={<TokenName name={token.name} />} used={token.id === ownTokenId} />
        <SavedBadge saved={token.replacedBy === null ? savedTo?.get(token.name) : undefined} />
      </>
    ),
  },
  {
    header: 'Hint',
    width: '150px',
    priority: 'low',
    cell: (token) => <CopyableText text={token.hint} what={`hint of ${token.name}`} className="mono hint" />,
  },
  { header: 'Status', width: '110px', cell: (token) => <TokenStatusBadge status={token.status} leak={token.leak} /> },
  { header: 'Roles', width: '150px', narrowWidth: '130px', cell: (token) => <RoleChips roles={token.roles} wrap /> },
  {
    header: 'Expires',
    width: '150px',
    narrowWidth: '130px',
    cell: (token) =>
      token.replacedBy !== null ? (
        <RotatedExpiry expiresAt={token.expiresAt} now={now} />
      ) : (
        <ExpiryText expiresAt={token.expiresAt} now={now} noneText="Never" noneTitle="This token does not expire" />
      ),
  },
  {
    header: 'Last used',
    width: '130px',
    priority: 'low',
    cell: (token) => <LastUsed at={token.lastUsedAt} from={token.lastUsedFrom} now={now} />,
  },
  {
    header: 'Max RPS',
    className: 'cell-number',
    width: '80px',
    priority: 'low',
    cell: (token) => (token.maxRps === null ? 'None' : formatCount(token.maxRps)),
  },
];

/** An account's tokens: metadata only, and their actions, each named after the token for screen readers and tests. */
export function TokensTable(props: TokensTableProps) {
  return (
    <DataTable
      label="Tokens"
      className="table--tokens"
      columns={columns(props.now, props.ownTokenId ?? null, props.savedTo)}
      rows={props.tokens}
      rowKey={(token) => token.id}
      rowProps={(token) => ({ className: token.replacedBy !== null ? 'token-row--rotated' : undefined })}
      loading={<p className="muted">{props.loading ? 'Loading tokens…' : 'Tokens are not available.'}</p>}
      empty={
        <EmptyState title="No tokens yet">
          <p>This service account has no API tokens.</p>
        </EmptyState>
      }
      // Wide: every column and one line of buttons. Narrower: hint, last use and max RPS fold under
      // the name. Narrowest: the buttons fold into a menu too.
      narrowBelow={1250}
      menuBelow={880}
      actions={buttonsColumn(
        '300px',
        (token: TokenMeta) => tokenActions(token, props),
        (token) => token.name,
      )}
      details={{
        kind: 'note',
        content: (token) =>
          token.id === props.ownTokenId ? <span className="blocked-reason">{OWN_TOKEN_NOTE}</span> : null,
      }}
    />
  );
}

const LEAKED_TITLE = 'Revoked as leaked: it can never work again, only be deleted';

/** A token's four buttons: suspend or reactivate, max RPS, rotate, delete; each says why when it is off. */
function tokenActions(token: TokenMeta, props: TokensTableProps): RowAction[] {
  const { now, blockedReason, grantReason, pending, onToggleStatus, onAction } = props;
  const rotated = token.replacedBy !== null;
  const suspended = token.status === 'SUSPENDED';
  const expired = token.status === 'EXPIRED' || isPast(token.expiresAt, now);
  // Final: a token revoked as leaked can only be deleted.
  const leaked = token.status === 'REVOKED_LEAKED';
  const busy = pending.has(token.name);
  return [
    {
      label: busy ? (suspended ? 'Reactivating…' : 'Suspending…') : suspended ? 'Reactivate' : 'Suspend',
      name: `${suspended ? 'Reactivate' : 'Suspend'} ${token.name}`,
      disabled: busy || expired || leaked,
      blockedReason: blockedReason ?? (suspended ? (grantReason(token) ?? props.reactivateReason ?? null) : null),
      title: leaked ? LEAKED_TITLE : expired ? 'An expired token cannot be suspended or reactivated' : undefined,
      onClick: () => onToggleStatus(token),
    },
    {
      label: 'Max RPS',
      name: `Max RPS for ${token.name}`,
      disabled: leaked,
      title: leaked ? LEAKED_TITLE : undefined,
      blockedReason,
      onClick: () => onAction('maxRps', token),
    },
    {
      label: 'Rotate',
      name: `Rotate ${token.name}`,
      disabled: rotated || leaked,
      blockedReason: blockedReason ?? (rotated || leaked ? null : grantReason(token)),
      title: leaked ? LEAKED_TITLE : rotated ? 'Already rotated: rotate the token that replaced it' : undefined,
      onClick: () => onAction('rotate', token),
    },
    {
      label: 'Delete',
      name: `Delete ${token.name}`,
      danger: true,
      blockedReason,
      onClick: () => onAction('delete', token),
    },
  ];
}

/**
 * A token's name in full (it wraps), with a copy button. A rotated-out token is named
 * `<name>.rotated-<time>`: the base name on one line and the suffix, smaller, on the next.
 */
function TokenName({ name }: { name: string }) {
  const at = name.indexOf('.rotated-');
  return (
    <span className="copyable">
      {at <= 0 ? (
        <span className="strong">{name}</span>
      ) : (
        <span className="token-name">
          <span className="strong">{name.slice(0, at)}</span>
          <span className="token-name__suffix mono">{name.slice(at)}</span>
        </span>
      )}
      <CopyButton text={name} what={`name of ${name}`} />
    </span>
  );
}

type RotatedExpiryProps = { expiresAt: string | null; now: number };

/** A rotated-out token works until its grace period ends: "Rotated — expires in 24 hours". */
function RotatedExpiry({ expiresAt, now }: RotatedExpiryProps) {
  if (expiresAt === null) return <span className="expiry expiry--rotated">Rotated</span>;
  const exact = formatExact(expiresAt);
  if (isPast(expiresAt, now)) {
    return (
      <span className="expiry expiry--rotated expiry--expired" title={`Stopped working ${exact}`}>
        Rotated — no longer works
      </span>
    );
  }
  return (
    <span className="expiry expiry--rotated" title={`Expires ${exact}`}>
      Rotated — expires {formatRemaining(expiresAt, now)}
    </span>
  );
}

type LastUsedProps = { at: string | null; from: string | null; now: number };

function LastUsed({ at, from, now }: LastUsedProps) {
  if (at === null) return <span className="muted">Never</span>;
  return (
    <span className="last-used" title={formatExact(at)}>
      {formatRelative(at, now)}
      {from ? (
        <span className="last-used__from truncate mono" title={from}>
          from {from}
        </span>
      ) : null}
    </span>
  );
}

/** "Saved to KeePass database", with the entry's title on hover: where Save to… put this token. */
function SavedBadge({ saved }: { saved: SavedTo | undefined }) {
  if (!saved) return null;
  return (
    <span className="badge badge--saved" title={`Saved as ${saved.entryTitle}`}>
      Saved to {TARGET_LABELS[saved.kind]}
    </span>
  );
}
