import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src-shared/api/directory.js';
import { renderApp } from '../test-support/app.js';
import { exactly } from '../test-support/assertions.js';
import { syncStatus, type FakeBridge } from '../test-support/fake-bridge.js';
import { settle } from '../test-support/connected.js';
import { bodyRows } from '../test-support/screen-parts.js';
import { iso, NOW } from '../test-support/fixtures.js';
import { pinClock } from '../test-support/tokens-setup.js';
import { LOAD_MORE_OFFLINE } from './PagedTable.js';

pinClock();

const events = (count: number): AuditEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `e${i}`,
    at: iso(NOW - i * 60_000),
    actor: 'admin',
    action: 'service_account.update',
    resourceType: 'service_account',
    resourceId: `r${i}`,
    resourceName: `thing_${i}`,
    before: null,
    after: { description: `new ${i}` },
  }));

const auditCalls = (bridge: FakeBridge) => bridge.calls.filter((c) => c.fn === 'audit.list');

describe('a list read a page at a time', () => {
  it('offline, Load more is off and says why; back online, it loads the next page', async () => {
    const { bridge, user } = await renderApp({
      accounts: [],
      route: { name: 'audit' },
      offline: true,
      state: { audit: events(70) },
    });

    const more = screen.getByRole('button', { name: 'Load more' });
    expect(more).toBeDisabled();
    expect(more).toHaveAccessibleDescription(LOAD_MORE_OFFLINE);
    await user.click(more);
    await settle();
    expect(auditCalls(bridge)).toHaveLength(1);

    act(() => bridge.emit(syncStatus({ connectionId: 'c1', lastSyncedAt: new Date().toISOString() })));
    await settle();
    expect(screen.queryByText(LOAD_MORE_OFFLINE)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await settle();
    expect(auditCalls(bridge)).toHaveLength(2);
    expect(bodyRows('Audit events')).toHaveLength(70);
  });

  it('says a failure in its own words, and then neither “loading” nor “none”', async () => {
    await renderApp({
      accounts: [],
      route: { name: 'audit' },
      state: { failNext: { 'audit.list': { code: 'network_unreachable', message: 'Could not reach the server.' } } },
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      exactly('Could not load the audit log: Could not reach the server.'),
    );
    expect(screen.queryByText('Loading audit events…')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'No audit events' })).not.toBeInTheDocument();
  });
});
