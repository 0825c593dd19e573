import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../store/app-store.js';
import { renderApp } from '../test-support/app.js';
import { cacheText, recordCaches } from '../test-support/cache-text.js';
import { settle } from '../test-support/connected.js';
import type { FakeBridge } from '../test-support/fake-bridge.js';
import { closeReveal, revealDialog } from '../test-support/reveal.js';
import { openTokensTab, pinClock, submitNewToken } from '../test-support/tokens-setup.js';
import { fill, type User } from '../test-support/user.js';
import { openDialog } from '../test-support/screen-parts.js';

pinClock();

/** Both caches at every change, so a secret held only for a moment shows too. */
let history: ReturnType<typeof recordCaches>;
beforeEach(() => {
  history = recordCaches();
});
afterEach(() => history.stop());

/**
 * Every answer that carries a secret: the secret is on screen in the reveal dialog, and in no cache
 * of the QueryClient (every query and every mutation, serialised whole) nor the store: not while the
 * reveal is open, not after it closed, not at any change of the caches in between. The reveal is
 * copied first, so the clipboard's mutation is in the cache too.
 */
async function checkReveal(bridge: FakeBridge, user: User): Promise<void> {
  const secret = bridge.state.secretsIssued.at(-1) ?? 'no secret issued';
  const reveal = revealDialog();
  expect(within(reveal).getByText(secret)).toBeVisible();
  await user.click(within(reveal).getByRole('button', { name: 'Copy' }));
  await settle();
  expect(bridge.calls.some((c) => c.fn === 'clipboard.copy')).toBe(true);
  // Something is cached (the lists the answer was put into), just never the secret.
  expect(cacheText().length).toBeGreaterThan(100);
  expect(cacheText()).not.toContain(secret);
  expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);

  await closeReveal(user, reveal);
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(cacheText()).not.toContain(secret);
  expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
  expect(history.texts.length).toBeGreaterThan(10);
  expect(history.texts.filter((text) => text.includes(secret))).toEqual([]);
}

/** Opens Personal tokens and creates one named `name`: its reveal is open. */
async function createPersonalToken(name: string) {
  const opened = await renderApp({ route: { name: 'personalTokens' } });
  const { user } = opened;
  await user.click(screen.getAllByRole('button', { name: 'Create token' })[0]!);
  const form = screen.getByRole('dialog', { name: 'Create personal token' });
  await fill(user, within(form).getByLabelText('Name'), name);
  await user.click(within(form).getByRole('button', { name: 'Generate token' }));
  await settle();
  return opened;
}

describe('no secret in the query client', () => {
  it('a created token', async () => {
    const { bridge, user } = await openTokensTab();
    await submitNewToken(user, 'ci-new');
    await checkReveal(bridge, user);
  });

  it('a rotated token', async () => {
    const { bridge, user } = await openTokensTab();
    await user.click(screen.getByRole('button', { name: 'Rotate ci-main' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Rotate ci-main' })).getByRole('button', { name: 'Rotate' }),
    );
    await settle();
    await checkReveal(bridge, user);
  });

  it('a token recreated after its secret was lost', async () => {
    const { bridge, user } = await openTokensTab();
    bridge.state.loseNextSecret = true;
    await submitNewToken(user, 'ci-lost');
    const lost = screen.getByRole('dialog', { name: 'The token’s secret was lost' });
    await user.click(within(lost).getByRole('button', { name: 'Revoke it and create a new one' }));
    await settle();
    await checkReveal(bridge, user);
  });

  it('a personal token', async () => {
    const { bridge, user } = await createPersonalToken('ci-script');
    await checkReveal(bridge, user);
  });

  it('a rotated personal token', async () => {
    const { bridge, user } = await createPersonalToken('ci-script');
    await closeReveal(user, revealDialog());
    await user.click(screen.getByRole('button', { name: 'Rotate ci-script' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Rotate ci-script' })).getByRole('button', { name: 'Rotate' }),
    );
    await settle();
    await checkReveal(bridge, user);
  });

  it('a new member’s first token', async () => {
    const { bridge, user } = await renderApp({ route: { name: 'members' } });
    const form = await openDialog(user, 'Add member');
    await fill(user, within(form).getByLabelText('Name'), 'erin');
    await user.click(within(form).getByRole('checkbox', { name: /^Viewer/ }));
    await user.click(within(form).getByRole('button', { name: 'Add member' }));
    await settle();
    await checkReveal(bridge, user);
  });
});
