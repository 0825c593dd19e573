import { describe, expect, it } from 'vitest';
import { CreatePersonalTokenBody } from './api/personal-tokens.js';
import { CreateTokenBody } from './api/tokens.js';
import { DATE_RANGE_RULE, IsoDateTime, LATEST_INSTANT } from './validation.js';

describe('IsoDateTime', () => {
  it('takes instants up to 9999-12-31T23:59:59.999Z UTC, whatever the offset', () => {
    for (const text of [LATEST_INSTANT, '9999-12-31T23:59:59Z', '9999-12-31T23:59:59+14:00', '2030-01-01T00:00:00Z']) {
      expect(IsoDateTime.safeParse(text).success, text).toBe(true);
    }
  });

  it('refuses an instant after year 9999 in UTC, with a message that says the range', () => {
    for (const text of ['9999-12-31T23:59:59-14:00', '9999-12-31T23:00:00-01:00', '9999-12-31T23:59:59.9999-00:01']) {
      const parsed = IsoDateTime.safeParse(text);
      expect(parsed.success, text).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(DATE_RANGE_RULE);
    }
  });

  it('refuses an instant before year 0000 in UTC', () => {
    expect(IsoDateTime.safeParse('0000-01-01T00:00:00+00:01').success).toBe(false);
    expect(IsoDateTime.safeParse('0000-01-01T00:00:00Z').success).toBe(true);
  });

  it('is what every body with a date uses, so the app’s forms and IPC refuse the same', () => {
    const late = '9999-12-31T23:59:59-14:00';
    const token = CreateTokenBody.safeParse({ name: 'ci-token', expiresAt: late });
    expect(token.error?.issues).toEqual([expect.objectContaining({ path: ['expiresAt'], message: DATE_RANGE_RULE })]);
    const personal = CreatePersonalTokenBody.safeParse({ name: 'laptop', expiresAt: late });
    expect(personal.error?.issues).toEqual([
      expect.objectContaining({ path: ['expiresAt'], message: DATE_RANGE_RULE }),
    ]);
  });
});
