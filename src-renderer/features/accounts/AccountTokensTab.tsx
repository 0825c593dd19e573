import type { TokenMeta } from '../../../src-shared/api/models.js';
import { SAME_GROUP_MESSAGE } from '../../../src-shared/errors.js';
import { RoleChips, TokenStatusBadge } from '../../components/badges.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ExpiryText } from '../../components/ExpiryText.js';
import { Truncate } from '../../components/Truncate.js';
import { formatCount } from '../../lib/numbers.js';
import { formatExact, formatRelative } from '../../lib/time-format.js';

export type AccountTokensTabProps = {
  /** undefined: not loaded yet; null: hidden by the same-group rule (seed 002). */
  tokens: readonly TokenMeta[] | null | undefined;
  loading: boolean;
  now: number;
};

/** The account's tokens: metadata only (the server never keeps a secret). */
export function AccountTokensTab({ tokens, loading, now }: AccountTokensTabProps) {
  if (tokens === undefined) return <p className="muted">{loading ? 'Loading tokens…' : 'Tokens are not available.'}</p>;
  if (tokens === null) {
    return (
      <div className="notice notice--info">
        <p>{SAME_GROUP_MESSAGE}</p>
        <p className="muted">Ask an admin to add you to one of this service account’s groups.</p>
      </div>
    );
  }
  if (tokens.length === 0) {
    return (
      <EmptyState title="No tokens yet">
        <p>This service account has no API tokens.</p>
      </EmptyState>
    );
  }
  return (
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
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <th scope="row" className="cell-name">
                <Truncate text={token.name} className="strong" />
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
                <ExpiryText
                  expiresAt={token.expiresAt}
                  now={now}
                  noneText="Never"
                  noneTitle="This token does not expire"
                />
              </td>
              <td>
                <LastUsed at={token.lastUsedAt} from={token.lastUsedFrom} now={now} />
              </td>
              <td className="cell-number">{token.maxRps === null ? 'None' : formatCount(token.maxRps)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
