import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src-shared/api/directory.js';
import { App } from '../app/App.js';
import { syncStatus } from '../test-support/fake-bridge.js';
import { setupConnected, settle } from '../test-support/connected.js';
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

const auditCalls = (bridge: ReturnType<typeof setupConnected>) => bridge.calls.filter((c) => c.fn === 'audit.list');

describe('a list read a page at a time', () => {
  it('offline, Load more is off and says why; back online, it loads the next page', async () => {
    const bridge = setupConnected({ accounts: [], route: { name: 'audit' }, offline: true });
    bridge.state.audit = events(70);
    render(<App />);
    await settle();

    const more = screen.getByRole<HTMLButtonElement>('button', { name: 'Load more' });
    expect(more.disabled).toBe(true);
    expect(screen.getByText(LOAD_MORE_OFFLINE).id).toBe(more.getAttribute('aria-describedby'));
    fireEvent.click(more);
    await settle();
    expect(auditCalls(bridge)).toHaveLength(1);

    act(() => bridge.emit(syncStatus({ connectionId: 'c1', lastSyncedAt: new Date().toISOString() })));
    await settle();
    expect(screen.queryByText(LOAD_MORE_OFFLINE)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await settle();
    expect(auditCalls(bridge)).toHaveLength(2);
    expect(within(screen.getByRole('table', { name: 'Audit events' })).getAllByRole('row')).toHaveLength(71);
  });

  it('says a failure in its own words, and then neither “loading” nor “none”', async () => {
    const bridge = setupConnected({ accounts: [], route: { name: 'audit' } });
    bridge.state.failNext['audit.list'] = { code: 'network_unreachable', message: 'Could not reach the server.' };
    render(<App />);
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('Could not load the audit log: Could not reach the server.');
    expect(screen.queryByText('Loading audit events…')).toBeNull();
    expect(screen.queryByRole('heading', { name: 'No audit events' })).toBeNull();
  });
});
