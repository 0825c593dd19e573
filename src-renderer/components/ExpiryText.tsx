import { formatExact, formatRelative, isExpiringSoon, isPast } from '../lib/time-format.js';
import { WarningIcon } from './icons.js';

export type ExpiryTextProps = {
  expiresAt: string | null;
  now: number;
  /** What to say when there is no expiry ("Never" for a token, "—" for an account with none coming). */
  noneText: string;
  noneTitle?: string;
};

/** Relative expiry with the exact local time on hover, marked when it is 7 days away or less. */
export function ExpiryText({ expiresAt, now, noneText, noneTitle }: ExpiryTextProps) {
  if (expiresAt === null) {
    return (
      <span className="muted" title={noneTitle}>
        {noneText}
      </span>
    );
  }
  const exact = formatExact(expiresAt);
  if (isPast(expiresAt, now)) {
    return (
      <span className="expiry expiry--expired" title={`Expired ${exact}`}>
        Expired
      </span>
    );
  }
  if (isExpiringSoon(expiresAt, now)) {
    return (
      <span className="expiry expiry--soon" title={`Expires ${exact}`} data-warning="true">
        <WarningIcon />
        {formatRelative(expiresAt, now)}
        <span className="visually-hidden"> (expires soon)</span>
      </span>
    );
  }
  return (
    <span className="expiry" title={`Expires ${exact}`}>
      {formatRelative(expiresAt, now)}
    </span>
  );
}
