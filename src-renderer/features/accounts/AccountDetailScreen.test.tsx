import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAME_GROUP_MESSAGE } from '../../../src-shared/errors.js';
import { useAppStore } from '../../store/app-store.js';
import { connection } from '../../test-support/fake-bridge.js';
import { exactly } from '../../test-support/assertions.js';
import { account, DAY, detail, iso, snapshot, token } from '../../test-support/fixtures.js';
import { seedQueries, settle } from '../../test-support/connected.js';
import { installFakeBridge, renderWithData } from '../../test-support/render.js';
import { AccountDetailScreen } from './AccountDetailScreen.js';
import { bodyRows } from '../../test-support/screen-parts.js';

const row = account({
  id: 'sa1',
  name: 'ci_deployer',
  description: 'Deploys from CI',
  roles: ['Deployment'],
  groups: ['platform'],
  basicAuthEnabled: true,
  tokenCount: 2,
});

function setup(tokens: ReturnType<typeof token>[] | null) {
  const bridge = installFakeBridge({ details: { sa1: detail(row, tokens) } });
  seedQueries({ connections: [connection()], snapshot: snapshot([row]) });
  useAppStore.setState({ selectedConnectionId: 'c1', route: { name: 'account', accountId: 'sa1', tab: 'tokens' } });
  return bridge;
}

async function renderDetail(tab: 'info' | 'tokens') {
  const view = renderWithData(<AccountDetailScreen accountId="sa1" tab={tab} />);
  await settle();
  return view;
}

describe('Account detail', () => {
  it('loads through accounts:get and shows the header', async () => {
    const bridge = setup([]);
    await renderDetail('info');
    expect(bridge.calls.find((c) => c.fn === 'accounts.get')?.request).toEqual({ connectionId: 'c1', id: 'sa1' });
    expect(screen.getByRole('heading', { level: 1, name: 'ci_deployer' })).toBeVisible();
    expect(screen.getByText('Enabled')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Back to service accounts' })).toBeEnabled();
  });

  it('Info lists roles with their descriptions, groups, Basic Auth and the id', async () => {
    setup([]);
    await renderDetail('info');
    const panel = screen.getByRole('tabpanel');
    expect(panel).toHaveTextContent('Reads service accounts and issues, rotates and revokes their tokens');
    expect(panel).toHaveTextContent('platform');
    expect(within(panel).getByText('On')).toBeVisible();
    expect(within(panel).getByText('sa1')).toBeVisible();
  });

  it('shows the same-group rule when tokens are hidden', async () => {
    setup(null);
    await renderDetail('tokens');
    expect(screen.getByText(SAME_GROUP_MESSAGE)).toBeVisible();
    expect(SAME_GROUP_MESSAGE).toBe('You must be in the same group as this service account to view and manage tokens');
  });

  it('says when there are no tokens', async () => {
    setup([]);
    await renderDetail('tokens');
    expect(screen.getByRole('heading', { name: 'No tokens yet' })).toBeVisible();
  });

  it('lists token metadata', async () => {
    const now = Date.now();
    setup([
      token({
        id: 't1',
        name: 'deploy-main',
        hint: 'tdk_sa_…9xQz',
        expiresAt: iso(now + 3 * DAY + 60_000),
        maxRps: 20,
        lastUsedAt: iso(now - 2 * 60 * 60 * 1000 - 1000),
        lastUsedFrom: '10.0.0.4',
      }),
      token({ id: 't2', name: 'old', status: 'EXPIRED', expiresAt: iso(now - DAY) }),
      token({ id: 't3', name: 'forever', status: 'SUSPENDED' }),
    ]);
    await renderDetail('tokens');
    const [first, second, third] = bodyRows('Tokens');
    for (const text of [
      'tdk_sa_…9xQz',
      'ACTIVE',
      'in 3 days',
      '(expires soon)',
      '2 hours ago',
      'from 10.0.0.4',
      '20',
    ]) {
      expect(first).toHaveTextContent(text);
    }
    expect(second).toHaveTextContent('Expired');
    for (const text of ['SUSPENDED', 'Never', 'None']) expect(third).toHaveTextContent(text);
  });

  it('switches tabs through the route', async () => {
    setup([]);
    const { user } = await renderDetail('info');
    await user.click(screen.getByRole('tab', { name: 'Tokens' }));
    expect(useAppStore.getState().route).toEqual({ name: 'account', accountId: 'sa1', tab: 'tokens' });
  });

  it('shows a load error in the words it came with', async () => {
    const bridge = setup([]);
    bridge.state.failNext['accounts.get'] = { code: 'not_found', message: 'Service account not found.' };
    await renderDetail('info');
    expect(screen.getByRole('alert')).toHaveTextContent(exactly('Could not refresh: Service account not found.'));
  });
});
