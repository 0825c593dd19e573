/**
 * The store keeps times as fixed-width ISO 8601 UTC text (`2026-01-01T00:00:00.000Z`), which the API
 * returns unchanged and SQL compares as text. Callers pass milliseconds; these convert at the edge.
 */
export type IsoTime = string;

/** `YYYY-MM-DDTHH:mm:ss.sssZ`: what toISOString writes for years 0000–9999, and only for those. */
const FIXED_WIDTH = 24;

/** The last conversion, reused while the milliseconds are the same. */
const last = { ms: Number.NaN, iso: '' };

/**
 * Milliseconds as stored text. An instant outside years 0000–9999 would be written `+010000-…` or
 * `-000001-…`, which sorts wrongly as text and fails the API's schemas, so it is refused here, before
 * any write: whatever computed it (an input, a clock, a sum), nothing out of range is ever stored.
 */
export function isoOf(ms: number): IsoTime {
  // Under load many calls in a row ask for the same millisecond (auth, the request log, a page's @now).
  if (ms === last.ms) return last.iso;
  const iso = new Date(ms).toISOString();
  if (iso.length !== FIXED_WIDTH) throw new RangeError(`${iso} is outside the years 0000–9999 the store can keep`);
  last.ms = ms;
  last.iso = iso;
  return iso;
}

export function isoOrNull(ms: number | null | undefined): IsoTime | null {
  return ms === null || ms === undefined ? null : isoOf(ms);
}

export type Clock = () => number;
