import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../app/App.js';
import { useAppStore } from '../store/app-store.js';
import { cacheText, recordCaches } from '../test-support/cache-text.js';
import { setupConnected, settle } from '../test-support/connected.js';
import type { FakeBridge } from '../test-support/fake-bridge.js';
import { openTokensTab, pinClock } from '../test-support/tokens-setup.js';

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
async function checkReveal(bridge: FakeBridge): Promise<void> {
  const secret = bridge.state.secretsIssued.at(-1) ?? 'no secret issued';
  const reveal = screen.getByRole('dialog', { name: 'Copy your new token' });
  expect(within(reveal).getByText(secret)).toBeTruthy();
  fireEvent.click(within(reveal).getByRole('button', { name: 'Copy' }));
  await settle();
  expect(bridge.calls.some((c) => c.fn === 'clipboard.copy')).toBe(true);
  // Something is cached (the lists the answer was put into), just never the secret.
  expect(cacheText().length).toBeGreaterThan(100);
  expect(cacheText()).not.toContain(secret);
  expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);

  fireEvent.click(within(reveal).getByRole('checkbox', { name: 'I have stored this token in a safe place' }));
  fireEvent.click(within(reveal).getByRole('button', { name: 'Done' }));
  await settle();
  expect(screen.queryByRole('dialog')).toBeNull();
  expect(cacheText()).not.toContain(secret);
  expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
  expect(history.texts.length).toBeGreaterThan(10);
  expect(history.texts.filter((text) => text.includes(secret))).toEqual([]);
}

describe('no secret in the query client', () => {
  it('a created token', async () => {
    const bridge = await openTokensTab();
    fireEvent.click(screen.getByRole('button', { name: 'Generate new token' }));
    const form = screen.getByRole('dialog', { name: 'Generate new token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'ci-new' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Generate' }));
    await settle();
    await checkReveal(bridge);
  });

  it('a rotated token', async () => {
    const bridge = await openTokensTab();
    fireEvent.click(screen.getByRole('button', { name: 'Rotate ci-main' }));
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Rotate ci-main' })).getByRole('button', { name: 'Rotate' }),
    );
    await settle();
    await checkReveal(bridge);
  });

  it('a token recreated after its secret was lost', async () => {
    const bridge = await openTokensTab();
    bridge.state.loseNextSecret = true;
    fireEvent.click(screen.getByRole('button', { name: 'Generate new token' }));
    const form = screen.getByRole('dialog', { name: 'Generate new token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'ci-lost' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Generate' }));
    await settle();
    const lost = screen.getByRole('dialog', { name: 'The token’s secret was lost' });
    fireEvent.click(within(lost).getByRole('button', { name: 'Revoke it and create a new one' }));
    await settle();
    await checkReveal(bridge);
  });

  it('a personal token', async () => {
    const bridge = setupConnected({ accounts: [], route: { name: 'personalTokens' } });
    render(<App />);
    await settle();
    fireEvent.click(screen.getAllByRole('button', { name: 'Create token' })[0]!);
    const form = screen.getByRole('dialog', { name: 'Create personal token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'ci-script' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Generate token' }));
    await settle();
    await checkReveal(bridge);
  });

  it('a new member’s first token', async () => {
    const bridge = setupConnected({ accounts: [], route: { name: 'members' } });
    render(<App />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));
    const form = screen.getByRole('dialog', { name: 'Add member' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'erin' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /^Viewer/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add member' }));
    await settle();
    await checkReveal(bridge);
  });
});
