import type { ReactNode } from 'react';
import type { TokenMeta, TokenStatus } from '../../src-shared/api/models.js';

export type EnabledBadgeProps = { enabled: boolean };

export function EnabledBadge({ enabled }: EnabledBadgeProps) {
  return <span className={`badge ${enabled ? 'badge--ok' : 'badge--muted'}`}>{enabled ? 'Enabled' : 'Disabled'}</span>;
}

export type TokenStatusBadgeProps = { status: TokenStatus; leak?: TokenMeta['leak'] };

const TOKEN_TONE: Record<TokenStatus, string> = {
  ACTIVE: 'badge--ok',
  SUSPENDED: 'badge--warn',
  EXPIRED: 'badge--danger',
  DEACTIVATED: 'badge--muted',
  REVOKED_LEAKED: 'badge--danger',
};

const TOKEN_LABEL: Partial<Record<TokenStatus, string>> = { REVOKED_LEAKED: 'Leaked — revoked' };

/**
 * A token's status. A token revoked as leaked says so in words, with where the report came from under
 * it: the report's source (or who reported it) as plain text, never a link, since anyone may send a report.
 */
export function TokenStatusBadge({ status, leak }: TokenStatusBadgeProps) {
  const badge = <span className={`badge ${TOKEN_TONE[status]}`}>{TOKEN_LABEL[status] ?? status}</span>;
  if (status !== 'REVOKED_LEAKED' || !leak) return badge;
  const from = leak.source ?? leak.reportedBy;
  const details = [
    `Reported by ${leak.reportedBy}`,
    leak.source && `source: ${leak.source}`,
    leak.url && `at ${leak.url}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      {badge}
      <div className="token-leak-source" title={details}>
        {from}
      </div>
    </>
  );
}

/** On the token the chosen connection itself uses: suspending, deleting or rotating it affects this app. */
export function UsedByThisAppBadge() {
  return <span className="badge badge--info">Used by this app</span>;
}

export type NameUsedByThisAppProps = { name: ReactNode; used: boolean };

/**
 * A token row's name cell: the name and, when this connection signs in with the token, UsedByThisAppBadge
 * on its own line (a narrow name column never fits both side by side).
 */
export function NameUsedByThisApp({ name, used }: NameUsedByThisAppProps) {
  return (
    <>
      {name}
      {used ? (
        <div>
          <UsedByThisAppBadge />
        </div>
      ) : null}
    </>
  );
}

export type RoleChipsProps = {
  roles: readonly string[];
  emptyText?: string;
  /** Show at most this many chips and a "+n" chip for the rest (rows of fixed height); all otherwise. */
  max?: number;
  wrap?: boolean;
};

export function RoleChips({ roles, emptyText = 'No roles', max, wrap = false }: RoleChipsProps) {
  if (roles.length === 0) return <span className="muted">{emptyText}</span>;
  const shown = max === undefined ? roles : roles.slice(0, max);
  const hidden = roles.length - shown.length;
  return (
    <span className={`chips${wrap ? ' chips--wrap' : ''}`} title={roles.join(', ')}>
      {/* By place: a list row that shows another account keeps its chip elements and changes their text. */}
      {shown.map((role, index) => (
        <span key={index} className="chip">
          {role}
        </span>
      ))}
      {hidden > 0 ? (
        <span className="chip chip--plain" aria-label={`and ${hidden} more: ${roles.slice(shown.length).join(', ')}`}>
          +{hidden}
        </span>
      ) : null}
    </span>
  );
}
