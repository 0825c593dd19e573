import type { TokenPolicy } from '../../src-shared/token-policy.js';
import { effectivePermissions } from '../../src-shared/permissions.js';
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import type { TokenMeta } from '../../src-shared/api/models.js';
import type { AccountRow, Snapshot } from '../../src-shared/ipc/models.js';

import { renderApp, type RenderedApp } from './app.js';
import { settle } from './connected.js';
import type { FakeBridge } from './fake-bridge.js';
import { account, DAY, detail, iso, NOW, token } from './fixtures.js';
import { fill, type User } from './user.js';
import { openDialog } from './screen-parts.js';

/** A service account with two roles and tokens in every state the tab shows. */
export const ci = account({
  id: 'sa1',
  name: 'ci_deployer',
  roles: ['Deployment', 'Viewer'],
  groups: ['platform'],
  tokenCount: 3,
});

export function sampleTokens(): TokenMeta[] {
  return [
    token({ id: 't1', name: 'ci-main', roles: ['Deployment'], expiresAt: iso(NOW + 40 * DAY), maxRps: 50 }),
    token({ id: 't2', name: 'nightly', status: 'SUSPENDED', expiresAt: iso(NOW + 3 * DAY) }),
    token({ id: 't3', name: 'old-export', status: 'EXPIRED', expiresAt: iso(NOW - 2 * DAY) }),
  ];
}

export const tokenAdmin: Partial<Snapshot['me']> = {
  roles: ['Admin'],
  groups: ['platform'],
  permissions: effectivePermissions({ roles: ['Admin'] }),
};

/** Date (only) is pinned to the fixtures' NOW; timers stay real so React and the countdown tick. */
export function pinClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

export type TokensOptions = {
  tokens?: TokenMeta[] | null;
  me?: Partial<Snapshot['me']>;
  offline?: boolean;
  /** Changes to ci_deployer (its grants and denies, say). */
  account?: Partial<AccountRow>;
  tokenPolicy?: TokenPolicy;
};

/** The App on ci_deployer's Tokens tab, loaded. */
export function openTokensTab(options: TokensOptions = {}): Promise<RenderedApp> {
  const shown = { ...ci, ...options.account };
  return renderApp({
    accounts: [shown],
    details: { sa1: detail(shown, options.tokens === undefined ? sampleTokens() : options.tokens) },
    me: options.me ?? tokenAdmin,
    offline: options.offline ?? false,
    ...(options.tokenPolicy ? { tokenPolicy: options.tokenPolicy } : {}),
    route: { name: 'account', accountId: 'sa1', tab: 'tokens' },
  });
}

/** Opens "Generate new token" and returns its dialog. */
export function openCreateToken(user: User): Promise<HTMLElement> {
  return openDialog(user, 'Generate new token');
}

/** Generates a token named `name` (Max RPS too, when given) with the form's other defaults. */
export async function submitNewToken(user: User, name: string, options: { maxRps?: string } = {}): Promise<void> {
  const form = await openCreateToken(user);
  await fill(user, within(form).getByLabelText('Name'), name);
  if (options.maxRps !== undefined) await fill(user, within(form).getByLabelText('Max RPS (optional)'), options.maxRps);
  await user.click(within(form).getByRole('button', { name: 'Generate' }));
  await settle();
}

export function lastCall(bridge: FakeBridge, fn: string): unknown {
  return bridge.calls.filter((c) => c.fn === fn).at(-1)?.request;
}

export function rowOf(name: string): HTMLElement {
  const table = screen.getByRole('table', { name: 'Tokens' });
  const header = within(table).getByRole('rowheader', { name: name });
  const row = header.closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}
