import type { TokenStatus } from '../../src-shared/api/models.js';

export type EnabledBadgeProps = { enabled: boolean };

export function EnabledBadge({ enabled }: EnabledBadgeProps) {
  return <span className={`badge ${enabled ? 'badge--ok' : 'badge--muted'}`}>{enabled ? 'Enabled' : 'Disabled'}</span>;
}

export type TokenStatusBadgeProps = { status: TokenStatus };

const TOKEN_TONE: Record<TokenStatus, string> = {
  ACTIVE: 'badge--ok',
  SUSPENDED: 'badge--warn',
  EXPIRED: 'badge--danger',
};

export function TokenStatusBadge({ status }: TokenStatusBadgeProps) {
  return <span className={`badge ${TOKEN_TONE[status]}`}>{status}</span>;
}

export type RoleChipsProps = { roles: readonly string[]; emptyText?: string };

export function RoleChips({ roles, emptyText = 'No roles' }: RoleChipsProps) {
  if (roles.length === 0) return <span className="muted">{emptyText}</span>;
  return (
    <span className="chips" title={roles.join(', ')}>
      {roles.map((role) => (
        <span key={role} className="chip">
          {role}
        </span>
      ))}
    </span>
  );
}
