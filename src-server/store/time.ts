/**
 * The store keeps times as fixed-width ISO 8601 UTC text (`2026-01-01T00:00:00.000Z`), which the API
 * returns unchanged and SQL compares as text. Callers pass milliseconds; these convert at the edge.
 */
export type IsoTime = string;

export function isoOf(ms: number): IsoTime {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null | undefined): IsoTime | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export type Clock = () => number;
