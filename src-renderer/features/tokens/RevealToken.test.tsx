import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../store/app-store.js';
import { exactly } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import type { FakeBridge } from '../../test-support/fake-bridge.js';
import { revealDialog } from '../../test-support/reveal.js';
import { lastCall, openTokensTab, pinClock, rowOf, submitNewToken } from '../../test-support/tokens-setup.js';
import type { User } from '../../test-support/user.js';
import { SECRETS_ONCE_NOTE } from '../accounts/AccountTokensTab.js';
import { REVEAL_WARNING } from './RevealDialog.js';

pinClock();

/** Generates `name` through the dialog and returns the reveal dialog and the secret the fake issued. */
async function generate(bridge: FakeBridge, user: User, name = 'ci-new') {
  await submitNewToken(user, name);
  const secret = bridge.state.secretsIssued.at(-1);
  if (!secret) throw new Error('no secret issued');
  return { reveal: revealDialog(), secret };
}

const copies = (bridge: FakeBridge) =>
  bridge.calls.filter((c) => c.fn === 'clipboard.copy').map((c) => (c.request as { text: string }).text);

describe('one-time reveal', () => {
  it('shows the secret once, and Done needs the checkbox; Escape does not close it before that', async () => {
    const { bridge, user } = await openTokensTab();
    expect(screen.getByText(SECRETS_ONCE_NOTE)).toBeVisible();
    const { reveal, secret } = await generate(bridge, user);
    expect(within(reveal).getByText(secret)).toHaveClass('mono');
    expect(within(reveal).getByText(secret)).toBeVisible();
    expect(within(reveal).getByText(REVEAL_WARNING)).toBeVisible();
    expect(within(reveal).getByRole('button', { name: 'Copy' })).toHaveFocus();
    const done = within(reveal).getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();

    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Copy your new token' })).toBeVisible();

    await user.click(within(reveal).getByRole('checkbox', { name: 'I have stored this token in a safe place' }));
    expect(done).toBeEnabled();
    // No attribute anywhere carries the secret: not a title, not an aria-label.
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) expect(attr.value).not.toContain(secret);
    }
    await user.click(done);
    await settle();

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(secret);
    expect(within(rowOf('ci-new')).getByText(`${secret.slice(0, 7)}…${secret.slice(-4)}`)).toBeVisible();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    expect(JSON.stringify({ ...window.localStorage })).not.toContain(secret);
    expect(JSON.stringify({ ...window.sessionStorage })).not.toContain(secret);
  });

  it('keeps the secret out of the store while the dialog is open, too', async () => {
    const { bridge, user } = await openTokensTab();
    const { secret } = await generate(bridge, user);
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    expect(window.location.href).not.toContain(secret);
  });

  it('copies through main and shows a ticking countdown from clearsAt', async () => {
    const { bridge, user } = await openTokensTab();
    const { reveal, secret } = await generate(bridge, user);
    await user.click(within(reveal).getByRole('button', { name: 'Copy' }));
    await settle();
    expect(copies(bridge)).toEqual([secret]);
    expect(within(reveal).getByText(/Clipboard clears in 30 s/)).toBeVisible();
    expect(within(reveal).getByRole('status')).toHaveTextContent(
      exactly('Copied the token. The clipboard clears in 30 seconds.'),
    );
    vi.setSystemTime(Date.now() + 5000);
    await act(() => new Promise((resolve) => setTimeout(resolve, 1100)));
    expect(within(reveal).getByText(/Clipboard clears in 25 s/)).toBeVisible();
    vi.setSystemTime(Date.now() + 60_000);
    await act(() => new Promise((resolve) => setTimeout(resolve, 1100)));
    expect(within(reveal).getByText(/Clipboard cleared/)).toBeVisible();
  });

  it('“Copy as…” copies the token, an Authorization header or a shell export', async () => {
    const { bridge, user } = await openTokensTab();
    const { reveal, secret } = await generate(bridge, user);
    const pick = async (item: string) => {
      const trigger = within(reveal).getByRole('button', { name: 'Copy as…' });
      await user.click(trigger);
      expect(trigger).toHaveAttribute('aria-expanded', 'true');
      const menu = within(reveal).getByRole('menu', { name: 'Copy as' });
      await user.click(within(menu).getByRole('menuitem', { name: item }));
      await settle();
    };
    await pick('Authorization header');
    await pick('Shell export');
    await pick('Token');
    expect(copies(bridge)).toEqual([`Authorization: Bearer ${secret}`, `export TOKEN=${secret}`, secret]);
    expect(within(reveal).queryByRole('menu')).not.toBeInTheDocument();
  });

  it('says where a copy failed', async () => {
    const { bridge, user } = await openTokensTab();
    const { reveal } = await generate(bridge, user);
    bridge.state.failNext['clipboard.copy'] = { code: 'internal', message: 'The clipboard is not available.' };
    await user.click(within(reveal).getByRole('button', { name: 'Copy' }));
    await settle();
    expect(within(reveal).getByRole('alert')).toHaveTextContent(
      exactly('Could not copy: The clipboard is not available.'),
    );
  });
});

describe('lost answer', () => {
  it('offers to revoke and recreate, which deletes the token and creates it again, then reveals', async () => {
    const { bridge, user } = await openTokensTab();
    bridge.state.loseNextSecret = true;
    await submitNewToken(user, 'ci-lost', { maxRps: '9' });
    const lost = screen.getByRole('dialog', { name: 'The token’s secret was lost' });
    expect(within(lost).getByRole('alert')).toHaveTextContent(
      exactly("The token “ci-lost” was created, but its secret can't be shown because the server's answer was lost."),
    );
    // The token exists, so the list shows it.
    expect(rowOf('ci-lost')).toBeVisible();
    const firstInput = (lastCall(bridge, 'tokens.create') as { input: unknown }).input;
    expect(firstInput).toMatchObject({ name: 'ci-lost', maxRps: 9 });

    await user.click(within(lost).getByRole('button', { name: 'Revoke it and create a new one' }));
    await settle();
    const after = bridge.calls.map((c) => c.fn).filter((fn) => fn.startsWith('tokens.'));
    expect(after).toEqual(['tokens.create', 'tokens.remove', 'tokens.create']);
    expect(lastCall(bridge, 'tokens.remove')).toEqual({ connectionId: 'c1', accountId: 'sa1', name: 'ci-lost' });
    expect((lastCall(bridge, 'tokens.create') as { input: unknown }).input).toEqual(firstInput);
    expect(within(revealDialog()).getByText(bridge.state.secretsIssued.at(-1)!)).toBeVisible();
  });

  it('“Keep it” closes and leaves the token', async () => {
    const { bridge, user } = await openTokensTab();
    bridge.state.loseNextSecret = true;
    await submitNewToken(user, 'kept');
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(rowOf('kept')).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'tokens.remove')).toBe(false);
  });
});
