import { effectivePermissions } from '../../../src-shared/permissions.js';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../../src-shared/api/logs.js';

import { renderApp } from '../../test-support/app.js';
import { exactly } from '../../test-support/assertions.js';
import { settle } from '../../test-support/connected.js';
import { errorOf } from '../../test-support/fields.js';
import { detail, iso, NOW } from '../../test-support/fixtures.js';
import { ci, pinClock, sampleTokens, tokenAdmin } from '../../test-support/tokens-setup.js';
import { fill } from '../../test-support/user.js';
import { LOG_SAME_GROUP_REASON } from './AccountLogsTab.js';
import { bodyRows } from '../../test-support/screen-parts.js';

pinClock();

/** 120 requests, newest first: every 10th a 404, every 25th a 500, alternating between two tokens. */
function entries(): RequestLogEntry[] {
  return Array.from({ length: 120 }, (_, i) => ({
    id: `r${i}`,
    at: iso(NOW - i * 60_000),
    tokenId: i % 2 === 0 ? 't1' : 't2',
    tokenName: i % 2 === 0 ? 'ci-main' : 'nightly',
    method: 'GET',
    path: `/api/v1/things/${i}`,
    status: i % 25 === 0 ? 500 : i % 10 === 0 ? 404 : 200,
    clientAddress: '10.0.0.7',
    count: 1,
  }));
}

function openLogs(options: { me?: typeof tokenAdmin; fromCache?: boolean; logs?: RequestLogEntry[] } = {}) {
  return renderApp({
    accounts: [ci],
    details: { sa1: detail(ci, sampleTokens()) },
    me: options.me ?? tokenAdmin,
    route: { name: 'account', accountId: 'sa1', tab: 'logs' },
    state: { logs: { sa1: options.logs ?? entries() }, pagesFromCache: options.fromCache ?? false },
  });
}

const requests = () => bodyRows('Requests');

describe('Logs tab', () => {
  it('is the tab after Permissions and lists requests newest first, 50 at a time, with Load more', async () => {
    const { bridge, user } = await openLogs();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.at(-1)).toHaveAccessibleName('Logs');
    expect(tabs.at(-2)).toHaveAccessibleName('Permissions');
    expect(requests()).toHaveLength(50);
    const first = requests()[0]!;
    expect(within(first).getByText('/api/v1/things/0')).toHaveClass('mono');
    expect(within(first).getByText('500')).toHaveClass('badge--danger');
    expect(within(requests()[1]!).getByText('200')).toHaveClass('badge--ok');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await settle();
    expect(requests()).toHaveLength(100);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await settle();
    expect(requests()).toHaveLength(120);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const cursors = bridge.calls
      .filter((c) => c.fn === 'logs.list')
      .map((c) => (c.request as { query: { cursor?: string } }).query.cursor);
    expect(cursors).toEqual([undefined, '50', '100']);
  });

  it('filters by token and by status class or exact status', async () => {
    const { bridge, user } = await openLogs();
    await user.selectOptions(screen.getByLabelText('Token'), 'ci-main');
    await settle();
    expect(requests().length).toBeGreaterThan(0);
    for (const row of requests()) expect(within(row).getByText('ci-main')).toBeVisible();
    await user.selectOptions(screen.getByLabelText('Status'), '4xx');
    await settle();
    expect(requests().length).toBeGreaterThan(0);
    for (const row of requests()) expect(within(row).getAllByText(/^\d{3}$/)[0]).toHaveTextContent(exactly('404'));
    const last = bridge.calls.filter((c) => c.fn === 'logs.list').at(-1)?.request as { query: object };
    expect(last.query).toMatchObject({ tokenId: 't1', status: '4xx' });
    await user.selectOptions(screen.getByLabelText('Status'), 'Exact status…');
    const exact = screen.getByLabelText('Exact status');
    await fill(user, exact, '500');
    await settle();
    expect(requests().length).toBeGreaterThan(0);
    for (const row of requests()) expect(within(row).getByText('500')).toBeVisible();
    await fill(user, exact, '999');
    await user.tab();
    expect(screen.getByText('Use a status such as 404.')).toBeVisible();
    expect(exact).toHaveAttribute('aria-invalid', 'true');
  });

  it('judges the exact status once the field is left, not while typing', async () => {
    const { user } = await openLogs();
    await user.selectOptions(screen.getByLabelText('Status'), 'Exact status…');
    const exact = screen.getByLabelText('Exact status');
    expect(errorOf(exact)).toBeNull();
    // "4" is on its way to "404".
    await user.type(exact, '4');
    expect(exact).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Use a status such as 404.')).not.toBeInTheDocument();
    await user.tab();
    expect(exact).toHaveAttribute('aria-invalid', 'true');
    expect(errorOf(exact)).toHaveTextContent(exactly('Use a status such as 404.'));
    await fill(user, exact, '404');
    expect(errorOf(exact)).toBeNull();
  });

  it('shows how many refused requests a counted row stands for, online and in the offline copy', async () => {
    const counted: RequestLogEntry = { ...entries()[0]!, id: 'flood', status: 429, count: 2500 };
    for (const fromCache of [false, true]) {
      const view = await openLogs({ fromCache, logs: [counted, ...entries().slice(1, 3)] });
      const [first, second] = requests();
      expect(within(first!).getByText('429')).toHaveClass('badge--warn');
      expect(within(first!).getByText('×2,500')).toHaveAttribute(
        'title',
        '2,500 requests with this status in this second',
      );
      expect(within(second!).queryByText(/^×/)).not.toBeInTheDocument();
      view.unmount();
    }
  });

  it('says when the list is the offline copy, and when there is nothing yet', async () => {
    await openLogs({ fromCache: true, logs: [] });
    expect(screen.getByRole('status')).toHaveTextContent(/^Offline — showing requests as of /);
    expect(screen.getByRole('heading', { name: 'No requests yet' })).toBeVisible();
  });

  it('gives the reason instead of the table when the admin shares no group with the account', async () => {
    const { bridge } = await openLogs({
      me: { ...tokenAdmin, groups: ['data'], permissions: effectivePermissions({ roles: ['Admin'] }) },
    });
    expect(screen.getByText(LOG_SAME_GROUP_REASON)).toBeVisible();
    expect(screen.queryByRole('table', { name: 'Requests' })).not.toBeInTheDocument();
    expect(bridge.calls.some((c) => c.fn === 'logs.list')).toBe(false);
  });
});
