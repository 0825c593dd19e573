import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LeakScanReport } from '../../../src-shared/ipc/leak-scan.js';
import { renderApp } from '../../test-support/app.js';
import { settle } from '../../test-support/connected.js';
import { token } from '../../test-support/fixtures.js';

const LIVE = 'a'.repeat(64);
const GONE = 'b'.repeat(64);
const report: LeakScanReport = {
  root: '/home/dev/app',
  findings: [
    { file: 'notes/old.txt', line: 1, column: 22, kind: 'serviceAccount', hint: 'tdk_sa_…BBBB', digest: GONE },
    { file: 'config/prod.env', line: 3, column: 17, kind: 'serviceAccount', hint: 'tdk_sa_…AAAA', digest: LIVE },
  ],
  filesScanned: 42,
  skipped: { binary: 1, tooLarge: 0, unreadable: 0 },
  badChecksum: 1,
  cancelled: false,
  truncated: false,
  lookups: [
    {
      connectionId: 'c1',
      name: 'Production',
      problem: null,
      items: [
        {
          digest: LIVE,
          state: 'live',
          accountId: 'a1',
          accountName: 'ci-runner',
          kind: 'serviceAccount',
          token: token({ id: 't1', name: 'deploy' }),
        },
        { digest: GONE, state: 'revoked' },
      ],
    },
    { connectionId: 'c2', name: 'Staging', problem: 'Could not reach the server.', items: [] },
  ],
};

describe('Scan a folder…', () => {
  it('lists live tokens first with whose they are, and revokes with the file as the source', async () => {
    const { bridge, user } = await renderApp({ route: { name: 'attention' }, state: { leakScan: report } });
    await user.click(screen.getByRole('button', { name: 'Scan a folder…' }));
    const dialog = screen.getByRole('dialog', { name: 'Scan a folder for leaked tokens' });
    await user.click(within(dialog).getByRole('button', { name: 'Choose a folder…' }));
    await settle();
    expect(
      within(dialog).getByText(/Read 42 files in \/home\/dev\/app \(skipped: 1 binary\)\. Found 2 tokens/),
    ).toBeVisible();
    expect(within(dialog).getByText(/1 string looked like a token but failed the checksum/)).toBeVisible();
    expect(within(dialog).getByText('Could not ask Staging: Could not reach the server.')).toBeVisible();
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'config/prod.env:3:17',
      'notes/old.txt:1:22',
    ]);
    expect(rows[0]).toHaveTextContent('Live deploy of ci-runner on Production');
    expect(within(rows[1]!).queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();

    await user.click(within(rows[0]!).getByRole('button', { name: 'Revoke' }));
    await settle();
    expect(bridge.calls.filter((c) => c.fn === 'leakScan.revoke').map((c) => c.request)).toEqual([
      { connectionId: 'c1', digests: [LIVE], source: '/home/dev/app/config/prod.env' },
    ]);
    expect(rows[0]).toHaveTextContent('Revoked now');
  });

  it('a cancelled folder dialog scans nothing and says nothing', async () => {
    const { user } = await renderApp({ route: { name: 'attention' } });
    await user.click(screen.getByRole('button', { name: 'Scan a folder…' }));
    await user.click(screen.getByRole('button', { name: 'Choose a folder…' }));
    await settle();
    expect(screen.queryByRole('table', { name: 'Tokens found' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose a folder…' })).toBeEnabled();
  });
});
