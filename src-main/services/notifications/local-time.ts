/**
 * Local wall-clock time, injected so that quiet hours and the wording of dates do not depend on the
 * time zone and locale of the machine the tests run on.
 */
export interface LocalTime {
  /** Milliseconds since local midnight at `at` (0 … 86,399,999). */
  msSinceMidnight(at: number): number;
  /** A date and time for a sentence, e.g. "4 Dec 2026, 10:30". */
  format(at: number): string;
}

/** The OS's time zone and the user's locale, as the renderer's exact times are written. */
export const systemLocalTime: LocalTime = {
  msSinceMidnight(at) {
    const date = new Date(at);
    return ((date.getHours() * 60 + date.getMinutes()) * 60 + date.getSeconds()) * 1000 + date.getMilliseconds();
  },
  format: (at) => systemFormat.format(at),
};

const systemFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const DAY_MS = 86_400_000;

/** A fixed offset from UTC with no daylight saving, in British English ("4 Dec 2026, 10:30"). */
export function fixedOffsetLocalTime(offsetMinutes: number): LocalTime {
  const offset = offsetMinutes * 60_000;
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return {
    msSinceMidnight: (at) => (((at + offset) % DAY_MS) + DAY_MS) % DAY_MS,
    format: (at) => format.format(at + offset),
  };
}
