import { describe, expect, it } from 'vitest';
import { formatRemaining } from './remaining.js';
import { formatSecret } from './secret-formats.js';
import { checkTokenForm, DEFAULT_EXPIRY, expiryDate, tomorrowInput } from './token-form.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const HOUR = 3600_000;

describe('token form', () => {
  it('counts a preset from now and a custom date from the start of that local day', () => {
    expect(expiryDate(DEFAULT_EXPIRY, NOW)?.getTime()).toBe(NOW + 30 * 24 * HOUR);
    expect(expiryDate({ kind: 'unlimited' }, NOW)).toBeNull();
    expect(expiryDate({ kind: 'custom', date: '' }, NOW)).toBeUndefined();
    expect(expiryDate({ kind: 'custom', date: '2025-07-04' }, NOW)).toEqual(new Date(2025, 6, 4));
    expect(tomorrowInput(new Date(2025, 11, 31, 23, 0).getTime())).toBe('2026-01-01');
  });

  it('builds the body only when every field is valid', () => {
    const context = { now: NOW, accountRoles: ['Viewer', 'Deployment'] as const, takenNames: ['taken'] };
    const ok = checkTokenForm(
      { name: 'ci.main-1', expiry: DEFAULT_EXPIRY, roles: ['Viewer'], maxRps: ' 10 ' },
      {
        ...context,
        accountRoles: [...context.accountRoles],
      },
    );
    expect(ok.body).toEqual({
      name: 'ci.main-1',
      expiresAt: new Date(NOW + 30 * 24 * HOUR).toISOString(),
      roles: ['Viewer'],
      maxRps: 10,
    });
    const bad = checkTokenForm(
      { name: 'taken', expiry: { kind: 'custom', date: '2025-06-01' }, roles: ['Admin'], maxRps: 'x' },
      { ...context, accountRoles: [...context.accountRoles] },
    );
    expect(bad.errors).toEqual({
      name: 'This service account already has a token with that name.',
      expiry: 'Pick a date in the future.',
      roles: 'Choose at least one role.',
      maxRps: 'Enter a whole number, or leave it empty for no cap.',
    });
  });
});

describe('formats', () => {
  it('reads a grace period back as chosen', () => {
    expect(formatRemaining(new Date(NOW + 24 * HOUR - 5000).toISOString(), NOW)).toBe('in 24 hours');
    expect(formatRemaining(new Date(NOW + HOUR).toISOString(), NOW)).toBe('in 1 hour');
    expect(formatRemaining(new Date(NOW + 7 * 24 * HOUR).toISOString(), NOW)).toBe('in 7 days');
    expect(formatRemaining(new Date(NOW + 10 * 60_000).toISOString(), NOW)).toBe('in 10 minutes');
  });

  it('copies a secret three ways', () => {
    expect(formatSecret('raw', 'tdk_sa_X')).toBe('tdk_sa_X');
    expect(formatSecret('header', 'tdk_sa_X')).toBe('Authorization: Bearer tdk_sa_X');
    expect(formatSecret('shell', 'tdk_sa_X')).toBe('export TOKEN=tdk_sa_X');
  });
});
