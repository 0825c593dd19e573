import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../store/app-store.js';
import { settle } from '../../test-support/connected.js';
import type { FakeBridge } from '../../test-support/fake-bridge.js';
import { lastCall, openTokensTab, pinClock, rowOf } from '../../test-support/tokens-setup.js';
import { SECRETS_ONCE_NOTE } from '../accounts/AccountTokensTab.js';
import { REVEAL_WARNING } from './RevealDialog.js';

pinClock();

async function submitCreate(name: string) {
  fireEvent.click(screen.getByRole('button', { name: 'Generate new token' }));
  const form = screen.getByRole('dialog', { name: 'Generate new token' });
  fireEvent.change(within(form).getByLabelText('Name'), { target: { value: name } });
  fireEvent.click(within(form).getByRole('button', { name: 'Generate' }));
  await settle();
}

/** Generates `name` through the dialog and returns the reveal dialog and the secret the fake issued. */
async function generate(bridge: FakeBridge, name = 'ci-new') {
  await submitCreate(name);
  const secret = bridge.state.secretsIssued.at(-1);
  if (!secret) throw new Error('no secret issued');
  return { reveal: screen.getByRole('dialog', { name: 'Copy your new token' }), secret };
}

const copies = (bridge: FakeBridge) =>
  bridge.calls.filter((c) => c.fn === 'clipboard.copy').map((c) => (c.request as { text: string }).text);

describe('one-time reveal', () => {
  it('shows the secret once, and Done needs the checkbox; Escape does not close it before that', async () => {
    const bridge = await openTokensTab();
    expect(screen.getByText(SECRETS_ONCE_NOTE)).toBeTruthy();
    const { reveal, secret } = await generate(bridge);
    expect(within(reveal).getByText(secret).className).toContain('mono');
    expect(within(reveal).getByText(REVEAL_WARNING)).toBeTruthy();
    expect(document.activeElement).toBe(within(reveal).getByRole('button', { name: 'Copy' }));
    const done = within(reveal).getByRole<HTMLButtonElement>('button', { name: 'Done' });
    expect(done.disabled).toBe(true);

    fireEvent.keyDown(reveal, { key: 'Escape' });
    expect(screen.getByRole('dialog', { name: 'Copy your new token' })).toBeTruthy();

    fireEvent.click(within(reveal).getByRole('checkbox', { name: 'I have stored this token in a safe place' }));
    expect(done.disabled).toBe(false);
    // No attribute anywhere carries the secret: not a title, not an aria-label.
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) expect(attr.value).not.toContain(secret);
    }
    fireEvent.click(done);
    await settle();

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body.textContent).not.toContain(secret);
    expect(within(rowOf('ci-new')).getByText(`${secret.slice(0, 7)}…${secret.slice(-4)}`)).toBeTruthy();
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    expect(JSON.stringify({ ...window.localStorage })).not.toContain(secret);
    expect(JSON.stringify({ ...window.sessionStorage })).not.toContain(secret);
  });

  it('keeps the secret out of the store while the dialog is open, too', async () => {
    const bridge = await openTokensTab();
    const { secret } = await generate(bridge);
    expect(JSON.stringify(useAppStore.getState())).not.toContain(secret);
    expect(window.location.href).not.toContain(secret);
  });

  it('copies through main and shows a ticking countdown from clearsAt', async () => {
    const bridge = await openTokensTab();
    const { reveal, secret } = await generate(bridge);
    fireEvent.click(within(reveal).getByRole('button', { name: 'Copy' }));
    await settle();
    expect(copies(bridge)).toEqual([secret]);
    expect(within(reveal).getByText(/Clipboard clears in 30 s/)).toBeTruthy();
    expect(within(reveal).getByRole('status').textContent).toBe(
      'Copied the token. The clipboard clears in 30 seconds.',
    );
    vi.setSystemTime(Date.now() + 5000);
    await act(() => new Promise((resolve) => setTimeout(resolve, 1100)));
    expect(within(reveal).getByText(/Clipboard clears in 25 s/)).toBeTruthy();
    vi.setSystemTime(Date.now() + 60_000);
    await act(() => new Promise((resolve) => setTimeout(resolve, 1100)));
    expect(within(reveal).getByText(/Clipboard cleared/)).toBeTruthy();
  });

  it('“Copy as…” copies the token, an Authorization header or a shell export', async () => {
    const bridge = await openTokensTab();
    const { reveal, secret } = await generate(bridge);
    const pick = async (item: string) => {
      const trigger = within(reveal).getByRole('button', { name: 'Copy as…' });
      fireEvent.click(trigger);
      expect(trigger.getAttribute('aria-expanded')).toBe('true');
      const menu = within(reveal).getByRole('menu', { name: 'Copy as' });
      fireEvent.click(within(menu).getByRole('menuitem', { name: item }));
      await settle();
    };
    await pick('Authorization header');
    await pick('Shell export');
    await pick('Token');
    expect(copies(bridge)).toEqual([`Authorization: Bearer ${secret}`, `export TOKEN=${secret}`, secret]);
    expect(within(reveal).queryByRole('menu')).toBeNull();
  });

  it('says where a copy failed', async () => {
    const bridge = await openTokensTab();
    const { reveal } = await generate(bridge);
    bridge.state.failNext['clipboard.copy'] = { code: 'internal', message: 'The clipboard is not available.' };
    fireEvent.click(within(reveal).getByRole('button', { name: 'Copy' }));
    await settle();
    expect(within(reveal).getByRole('alert').textContent).toBe('Could not copy: The clipboard is not available.');
  });
});

describe('lost answer', () => {
  it('offers to revoke and recreate, which deletes the token and creates it again, then reveals', async () => {
    const bridge = await openTokensTab();
    bridge.state.loseNextSecret = true;
    fireEvent.click(screen.getByRole('button', { name: 'Generate new token' }));
    const form = screen.getByRole('dialog', { name: 'Generate new token' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'ci-lost' } });
    fireEvent.change(within(form).getByLabelText('Max RPS (optional)'), { target: { value: '9' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Generate' }));
    await settle();
    const lost = screen.getByRole('dialog', { name: 'The token’s secret was lost' });
    expect(within(lost).getByRole('alert').textContent).toBe(
      "The token “ci-lost” was created, but its secret can't be shown because the server's answer was lost.",
    );
    // The token exists, so the list shows it.
    expect(rowOf('ci-lost')).toBeTruthy();
    const firstInput = (lastCall(bridge, 'tokens.create') as { input: unknown }).input;

    fireEvent.click(within(lost).getByRole('button', { name: 'Revoke it and create a new one' }));
    await settle();
    const after = bridge.calls.map((c) => c.fn).filter((fn) => fn.startsWith('tokens.'));
    expect(after).toEqual(['tokens.create', 'tokens.remove', 'tokens.create']);
    expect(lastCall(bridge, 'tokens.remove')).toEqual({ connectionId: 'c1', accountId: 'sa1', name: 'ci-lost' });
    expect((lastCall(bridge, 'tokens.create') as { input: unknown }).input).toEqual(firstInput);
    const reveal = screen.getByRole('dialog', { name: 'Copy your new token' });
    expect(within(reveal).getByText(bridge.state.secretsIssued.at(-1)!)).toBeTruthy();
  });

  it('“Keep it” closes and leaves the token', async () => {
    const bridge = await openTokensTab();
    bridge.state.loseNextSecret = true;
    await submitCreate('kept');
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(rowOf('kept')).toBeTruthy();
    expect(bridge.calls.some((c) => c.fn === 'tokens.remove')).toBe(false);
  });
});
