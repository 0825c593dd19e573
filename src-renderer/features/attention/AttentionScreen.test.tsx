import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/app.js';
import { gate, settle, tick } from '../../test-support/connected.js';
import { account, DAY, detail, iso, NOW, token } from '../../test-support/fixtures.js';
import { pinClock } from '../../test-support/tokens-setup.js';

pinClock();

const ours = account({ id: 'a1', name: 'ci-runner', groups: ['admins'], tokenCount: 3 });
const theirs = account({ id: 'a2', name: 'billing-export', groups: ['billing'], tokenCount: 1 });
const used = iso(NOW - DAY);

function setup() {
  return renderApp({
    accounts: [ours, theirs],
    details: {
      a1: detail(ours, [
        token({ id: 't1', name: 'deploy', expiresAt: iso(NOW + 3 * DAY), lastUsedAt: used }),
        token({ id: 't2', name: 'nightly', expiresAt: iso(NOW + 5 * DAY), lastUsedAt: used }),
        token({ id: 't3', name: 'old', expiresAt: iso(NOW + 90 * DAY), lastUsedAt: iso(NOW - 200 * DAY) }),
      ]),
      a2: detail(theirs, [token({ id: 't4', name: 'export', expiresAt: iso(NOW + 2 * DAY), lastUsedAt: used })]),
    },
    route: { name: 'attention' },
  });
}

const group = (name: RegExp) => screen.getByRole('region', { name });

describe('Attention view', () => {
  it('lists each group with why it matters, and counts the tokens in the sidebar', async () => {
    await setup();
    const soon = group(/Expiring within 7 days/);
    expect(within(soon).getByText(/stops working when they expire/)).toBeVisible();
    expect(
      within(soon)
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getByRole('rowheader').textContent),
    ).toEqual(['deployci-runner', 'nightlyci-runner', 'exportbilling-export']);
    expect(within(group(/Unused for more than 90 days/)).getByText('old')).toBeVisible();
    expect(screen.getByRole('button', { name: /Attention\s*4 tokens need attention/ })).toBeVisible();
    expect(screen.getByText(/data from/)).toBeVisible();
  });

  it('bulk suspend: a dry run lists the refused row with its reason, then each token ends with its own result', async () => {
    const { bridge, user } = await setup();
    await user.click(within(group(/Expiring within 7 days/)).getByLabelText('Select all 3'));
    await user.click(screen.getByRole('button', { name: 'Suspend…' }));
    const dialog = screen.getByRole('dialog', { name: /Suspend tokens: dry run/ });
    expect(
      within(within(dialog).getByRole('region', { name: 'Will be suspended' })).getAllByRole('listitem'),
    ).toHaveLength(2);
    const refused = within(dialog).getByRole('region', { name: 'Refused' });
    expect(within(refused).getByText('export')).toBeVisible();
    expect(within(refused).getByText(/same group/)).toBeVisible();
    expect(bridge.calls.filter((c) => c.fn === 'tokens.update')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Suspend 2 tokens' }));
    await settle();
    const sent = bridge.calls.filter((c) => c.fn === 'tokens.update').map((c) => c.request);
    expect(sent).toEqual([
      { connectionId: 'c1', accountId: 'a1', name: 'deploy', patch: { status: 'SUSPENDED' } },
      { connectionId: 'c1', accountId: 'a1', name: 'nightly', patch: { status: 'SUSPENDED' } },
    ]);
    const done = screen.getByRole('dialog', { name: 'Suspend tokens' });
    expect(within(done).getByRole('status')).toHaveTextContent('Suspended: 2. Failed: 0.');
  });

  it("a failure does not stop the rest, and shows that token's own result in the server's words", async () => {
    const { bridge, user } = await setup();
    bridge.state.failNext['tokens.update'] = {
      code: 'conflict',
      message: 'Token "deploy" was revoked as leaked and can never be used again.',
      status: 409,
    };
    await user.click(within(group(/Expiring within 7 days/)).getByLabelText('Select deploy of ci-runner'));
    await user.click(within(group(/Expiring within 7 days/)).getByLabelText('Select nightly of ci-runner'));
    await user.click(screen.getByRole('button', { name: 'Suspend…' }));
    await user.click(screen.getByRole('button', { name: 'Suspend 2 tokens' }));
    await settle();
    const results = screen.getByRole('list', { name: 'Results' });
    expect(within(results).getAllByRole('listitem')[0]).toHaveTextContent(/deploy.*Failed: Token "deploy" was revoked/);
    expect(screen.getByRole('status')).toHaveTextContent('Suspended: 1. Failed: 1.');
  });

  it('Stop: the calls in flight finish, the rest are not sent, and the summary says so', async () => {
    const many = account({ id: 'a9', name: 'fleet', groups: ['admins'], tokenCount: 6 });
    const tokens = Array.from({ length: 6 }, (_, i) =>
      token({ id: `f${i}`, name: `node-${i}`, expiresAt: iso(NOW + 2 * DAY), lastUsedAt: used }),
    );
    const { bridge, user } = await renderApp({
      accounts: [many],
      details: { a9: detail(many, tokens) },
      route: { name: 'attention' },
    });
    const held = gate();
    bridge.state.holds['tokens.update'] = held.promise;
    await user.click(within(group(/Expiring within 7 days/)).getByLabelText('Select all 6'));
    await user.click(screen.getByRole('button', { name: 'Suspend…' }));
    await user.click(screen.getByRole('button', { name: 'Suspend 6 tokens' }));
    await tick();
    const running = screen.getByRole('dialog', { name: 'Suspend tokens' });
    expect(within(running).getByText('Working: 0 of 6')).toBeVisible();
    // Escape does not close it while it runs: only Stop ends it.
    await user.keyboard('{Escape}');
    expect(running).toBeVisible();
    await user.click(within(running).getByRole('button', { name: 'Stop' }));
    held.release();
    await settle();
    // Four were in flight (the bound) and finish; two were never sent.
    expect(bridge.calls.filter((c) => c.fn === 'tokens.update')).toHaveLength(4);
    expect(within(running).getByRole('status')).toHaveTextContent(
      'Suspended: 4. Failed: 0. Not sent, because you stopped: 2 tokens.',
    );
    expect(within(running).getByRole('button', { name: 'Close' })).toBeEnabled();
  });

  it('says so when nothing needs attention', async () => {
    await renderApp({ accounts: [], route: { name: 'attention' } });
    expect(screen.getByRole('region', { name: 'Nothing needs your attention' })).toBeVisible();
  });
});
