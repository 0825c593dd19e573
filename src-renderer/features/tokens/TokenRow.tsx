import type { TokenMeta } from '../../../src-shared/api/models.js';
import { RoleChips, TokenStatusBadge } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { Truncate } from '../../components/Truncate.js';
import { formatCount } from '../../lib/numbers.js';
import { formatRemaining } from '../../lib/remaining.js';
import { formatExact, formatRelative, isPast } from '../../lib/time-format.js';

export type TokenAction = 'maxRps' | 'rotate' | 'delete';

export type TokenRowProps = {
  token: TokenMeta;
  now: number;
  /** Why changes are not possible now (offline, roles, groups); null when they are. */
  blockedReason: string | null;
  /** Why the user may not give this token rights back (reactivate, rotate): its roles go beyond theirs. */
  grantReason: string | null;
  pending: boolean;
  onToggleStatus: (token: TokenMeta) => void;
  onAction: (action: TokenAction, token: TokenMeta) => void;
};

/** One token: metadata only, and its actions, each named after the token for screen readers and tests. */
export function TokenRow({ token, now, blockedReason, grantReason, pending, onToggleStatus, onAction }: TokenRowProps) {
  const rotated = token.replacedBy !== null;
  const suspended = token.status === 'SUSPENDED';
  const expired = token.status === 'EXPIRED' || isPast(token.expiresAt, now);
  return (
    <tr className={rotated ? 'token-row--rotated' : undefined}>
      <th scope="row" className="cell-name">
        <TokenName name={token.name} />
      </th>
      <td>
        <code className="mono hint">{token.hint}</code>
      </td>
      <td>
        <TokenStatusBadge status={token.status} />
      </td>
      <td>
        <RoleChips roles={token.roles} wrap />
      </td>
      <td>
        {rotated ? (
          <RotatedExpiry expiresAt={token.expiresAt} now={now} />
        ) : (
          <ExpiryText expiresAt={token.expiresAt} now={now} noneText="Never" noneTitle="This token does not expire" />
        )}
      </td>
      <td>
        <LastUsed at={token.lastUsedAt} from={token.lastUsedFrom} now={now} />
      </td>
      <td className="cell-number">{token.maxRps === null ? 'None' : formatCount(token.maxRps)}</td>
      <td className="cell-actions">
        <div className="token-actions">
          <ChangeButton
            className="button button--small"
            aria-label={`${suspended ? 'Reactivate' : 'Suspend'} ${token.name}`}
            disabled={pending || expired}
            blockedReason={blockedReason ?? (suspended ? grantReason : null)}
            title={expired ? 'An expired token cannot be suspended or reactivated' : undefined}
            onClick={() => onToggleStatus(token)}
          >
            {pending ? (suspended ? 'Reactivating…' : 'Suspending…') : suspended ? 'Reactivate' : 'Suspend'}
          </ChangeButton>
          <ChangeButton
            className="button button--small"
            aria-label={`Max RPS for ${token.name}`}
            blockedReason={blockedReason}
            onClick={() => onAction('maxRps', token)}
          >
            Max RPS
          </ChangeButton>
          <ChangeButton
            className="button button--small"
            aria-label={`Rotate ${token.name}`}
            disabled={rotated}
            blockedReason={blockedReason ?? (rotated ? null : grantReason)}
            title={rotated ? 'Already rotated: rotate the token that replaced it' : undefined}
            onClick={() => onAction('rotate', token)}
          >
            Rotate
          </ChangeButton>
          <ChangeButton
            className="button button--small button--danger-ghost"
            aria-label={`Delete ${token.name}`}
            blockedReason={blockedReason}
            onClick={() => onAction('delete', token)}
          >
            Delete
          </ChangeButton>
        </div>
      </td>
    </tr>
  );
}

/**
 * A rotated-out token is named `<name>.rotated-<time>`: the base name on one line and the suffix,
 * smaller, on the next, so the part people recognise is never the part cut off.
 */
function TokenName({ name }: { name: string }) {
  const at = name.indexOf('.rotated-');
  if (at <= 0) return <Truncate text={name} className="strong" />;
  return (
    <span className="token-name" title={name}>
      <span className="strong truncate">{name.slice(0, at)}</span>
      <span className="token-name__suffix truncate mono">{name.slice(at)}</span>
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
