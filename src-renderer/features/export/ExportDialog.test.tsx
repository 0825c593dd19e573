import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { account } from '../../test-support/fixtures.js';

describe('Export…', () => {
  it('from the account list: this connection or all, CSV or JSON, and says where it went', async () => {
    const { bridge, user } = await renderApp({ accounts: [account({ id: 'a1', name: 'ci' })] });
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    const dialog = screen.getByRole('dialog', { name: 'Export the inventory' });
    await user.click(within(dialog).getByRole('radio', { name: 'JSON' }));
    await user.click(within(dialog).getByRole('button', { name: 'Export…' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'exports.inventory').map((c) => c.request)).toEqual([
      { connectionId: 'c1', attentionOnly: false, format: 'json' },
    ]);
    expect(within(dialog).getByRole('status')).toHaveTextContent('Exported 3 rows to /home/dev/tokendesk.json.');
    await user.click(within(dialog).getByRole('radio', { name: 'All connections' }));
    await user.click(within(dialog).getByRole('button', { name: 'Export…' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'exports.inventory').at(-1)?.request).toEqual({
      connectionId: null,
      attentionOnly: false,
      format: 'json',
    });
  });

  it('from the Attention view: what needs attention, across every connection', async () => {
    const { bridge, user } = await renderApp({ route: { name: 'attention' } });
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    const dialog = screen.getByRole('dialog', { name: 'Export what needs attention' });
    await user.click(within(dialog).getByRole('button', { name: 'Export…' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'exports.inventory').map((c) => c.request)).toEqual([
      { connectionId: null, attentionOnly: true, format: 'csv' },
    ]);
  });
});
