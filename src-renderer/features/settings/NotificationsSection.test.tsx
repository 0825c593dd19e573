import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { fill } from '../../test-support/user.js';

const updates = (bridge: Awaited<ReturnType<typeof renderApp>>['bridge']) =>
  bridge.calls.filter((c) => c.fn === 'settings.update').map((c) => c.request);

describe('Settings → Notifications and Attention', () => {
  it('turns notifications off, changes a threshold and sets quiet hours, each saved as made', async () => {
    const { bridge, user } = await renderApp({ route: { name: 'settings' } });
    const section = screen.getByRole('region', { name: 'Notifications' });
    await user.click(within(section).getByRole('checkbox', { name: '30 days' }));
    await settle();
    expect(updates(bridge).at(-1)).toEqual({
      notifications: { enabled: true, thresholdsDays: [30, 7, 1], quietHours: null },
    });
    await user.click(within(section).getByRole('switch', { name: /Quiet hours/ }));
    await settle();
    expect(updates(bridge).at(-1)).toMatchObject({ notifications: { quietHours: { from: '22:00', to: '07:00' } } });
    await user.click(within(section).getByRole('switch', { name: /Notify me/ }));
    await settle();
    expect(updates(bridge).at(-1)).toMatchObject({ notifications: { enabled: false } });
    expect(within(section).getByRole('checkbox', { name: '7 days' })).toBeDisabled();
  });

  it('saves the days after which a token counts as unused, and refuses fewer than 7', async () => {
    const { bridge, user } = await renderApp({ route: { name: 'settings' } });
    const section = screen.getByRole('region', { name: 'Attention' });
    const field = within(section).getByLabelText('Call a token unused after (days)');
    await fill(user, field, '3');
    expect(within(section).getByText('Use at least 7 days.')).toBeVisible();
    await fill(user, field, '120');
    await user.click(within(section).getByRole('button', { name: 'Save days' }));
    await settle();
    expect(updates(bridge).at(-1)).toEqual({ attentionUnusedDays: 120 });
  });
});
