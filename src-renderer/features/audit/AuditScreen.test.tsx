import { effectivePermissions } from '../../../src-shared/permissions.js';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src-shared/api/directory.js';

import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { iso, NOW } from '../../test-support/fixtures.js';
import { pinClock } from '../../test-support/tokens-setup.js';
import { AUDIT_PERMISSION_REASON } from './AuditScreen.js';
import { bodyRows } from '../../test-support/screen-parts.js';

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

function openAudit(options: { viewer?: boolean; fromCache?: boolean } = {}) {
  return renderApp({
    route: { name: 'audit' },
    ...(options.viewer ? { me: { roles: ['Viewer'], permissions: effectivePermissions({ roles: ['Viewer'] }) } } : {}),
    state: { audit: events(), pagesFromCache: options.fromCache ?? false },
  });
}

const rows = () => bodyRows('Audit events');

describe('Audit screen', () => {
  it('lists events newest first and loads more by cursor', async () => {
    const { user } = await openAudit();
    expect(rows()).toHaveLength(50);
    expect(within(rows()[0]!).getByText('thing_0')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await settle();
    expect(rows()).toHaveLength(70);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('expands an event into its before and after, pretty JSON', async () => {
    const { user } = await openAudit();
    const show = screen.getByRole('button', { name: 'Show changes of service_account.update thing_0' });
    await user.click(show);
    expect(show).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('Changed: description')).toBeVisible();
    expect(screen.getByText(/"description": "new 0"/)).toBeVisible();
    expect(screen.getByText(/"description": "old"/)).toBeVisible();
  });

  it('filters by actor and resource type', async () => {
    const { bridge, user } = await openAudit();
    await user.selectOptions(screen.getByLabelText('Resource type'), 'Token');
    await settle();
    expect(rows().length).toBeGreaterThan(0);
    for (const row of rows()) expect(within(row).getByText('Token')).toBeVisible();
    await user.selectOptions(screen.getByLabelText('Actor'), 'admin');
    await settle();
    const last = bridge.calls.filter((c) => c.fn === 'audit.list').at(-1)?.request as { query: object };
    expect(last.query).toMatchObject({ actor: 'admin', resourceType: 'token' });
    expect(rows().length).toBeGreaterThan(0);
    for (const row of rows()) expect(within(row).getByText('admin')).toBeVisible();
  });

  it('says when it shows the offline copy', async () => {
    await openAudit({ fromCache: true });
    expect(screen.getByRole('status')).toHaveTextContent(/^Offline — showing events as of /);
  });

  it('gives the reason without audit.read', async () => {
    const { bridge } = await openAudit({ viewer: true });
    expect(screen.getByText(AUDIT_PERMISSION_REASON)).toBeVisible();
    expect(bridge.calls.some((c) => c.fn === 'audit.list')).toBe(false);
  });
});
