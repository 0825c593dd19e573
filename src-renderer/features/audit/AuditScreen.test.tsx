import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src-shared/api/directory.js';
import { permissionsOf } from '../../../src-shared/roles.js';
import { App } from '../../app/App.js';
import { setupConnected, settle } from '../../test-support/connected.js';
import { iso, NOW } from '../../test-support/fixtures.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { AUDIT_PERMISSION_REASON } from './AuditScreen.js';

pinClock();

function events(): AuditEvent[] {
  return Array.from({ length: 70 }, (_, i) => ({
    id: `e${i}`,
    at: iso(NOW - i * 3_600_000),
    actor: i % 3 === 0 ? 'dana' : 'admin',
    action: i % 2 === 0 ? 'service_account.update' : 'token.create',
    resourceType: i % 2 === 0 ? 'service_account' : 'token',
    resourceId: `r${i}`,
    resourceName: `thing_${i}`,
    before: i % 2 === 0 ? { description: 'old', enabled: true } : null,
    after: { description: `new ${i}`, enabled: true },
  }));
}

async function openAudit(options: { viewer?: boolean; fromCache?: boolean } = {}) {
  const bridge = setupConnected({
    accounts: [],
    route: { name: 'audit' },
    ...(options.viewer ? { me: { roles: ['Viewer'], permissions: permissionsOf(['Viewer']) } } : {}),
  });
  bridge.state.audit = events();
  bridge.state.pagesFromCache = options.fromCache ?? false;
  render(<App />);
  await settle();
  return bridge;
}

const rows = () =>
  within(screen.getByRole('table', { name: 'Audit events' }))
    .getAllByRole('row')
    .slice(1);

describe('Audit screen', () => {
  it('lists events newest first and loads more by cursor', async () => {
    await openAudit();
    expect(rows()).toHaveLength(50);
    expect(within(rows()[0]!).getByText('thing_0')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await settle();
    expect(rows()).toHaveLength(70);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('expands an event into its before and after, pretty JSON', async () => {
    await openAudit();
    const show = screen.getByRole('button', { name: 'Show changes of service_account.update thing_0' });
    fireEvent.click(show);
    expect(show.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('Changed: description')).toBeTruthy();
    expect(screen.getByText(/"description": "new 0"/)).toBeTruthy();
    expect(screen.getByText(/"description": "old"/)).toBeTruthy();
  });

  it('filters by actor and resource type', async () => {
    const bridge = await openAudit();
    fireEvent.change(screen.getByLabelText('Resource type'), { target: { value: 'token' } });
    await settle();
    expect(rows().every((row) => within(row).queryByText('Token'))).toBe(true);
    fireEvent.change(screen.getByLabelText('Actor'), { target: { value: 'admin' } });
    await settle();
    const last = bridge.calls.filter((c) => c.fn === 'audit.list').at(-1)?.request as { query: object };
    expect(last.query).toMatchObject({ actor: 'admin', resourceType: 'token' });
    expect(rows().every((row) => within(row).queryByText('admin'))).toBe(true);
  });

  it('says when it shows the offline copy', async () => {
    await openAudit({ fromCache: true });
    expect(screen.getByRole('status').textContent).toMatch(/^Offline — showing events as of /);
  });

  it('gives the reason without audit.read', async () => {
    const bridge = await openAudit({ viewer: true });
    expect(screen.getByText(AUDIT_PERMISSION_REASON)).toBeTruthy();
    expect(bridge.calls.some((c) => c.fn === 'audit.list')).toBe(false);
  });
});
