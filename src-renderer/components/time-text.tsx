import { formatExact, formatRelative } from '../lib/time-format.js';

export type PastTimeProps = {
  at: string | null;
  now: number;
  /** The words for it: "3 hours ago" by default, or the top bar's "3 h ago". */
  words?: (at: string, now: number) => string;
};

/** When something last happened, its exact time on hover; "Never" when it has not. */
export function PastTime({ at, now, words = formatRelative }: PastTimeProps) {
  if (at === null) return <span className="muted">Never</span>;
  return <span title={formatExact(at)}>{words(at, now)}</span>;
}

export type TimeStampProps = { at: string; now: number };

/** A log line's time: exact, and how long ago under it. */
export function TimeStamp({ at, now }: TimeStampProps) {
  return (
    <span className="cell-time">
      <span>{formatExact(at)}</span>
      <span className="muted small">{formatRelative(at, now)}</span>
    </span>
  );
}
