/**
 * The rows of edits through the real core, each against the HTTP calls it makes, with the same HTTP
 * client, in the same run:
 * - one-row edit (the enable switch) against the same PATCH, and the longest event-loop stall while
 *   edits run (perf_hooks monitorEventLoopDelay) against the stall around the bare PATCH;
 * - member edit against its PATCH and the group re-read;
 * - incremental sync that finds nothing against the requests it makes.
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ApiClient, type ApiTarget } from '../src-main/services/api-client.js';
import { fetchCallerAndDirectory } from '../src-main/services/caller-and-directory.js';
import type { AccountRow } from '../src-shared/ipc/models.js';
import { connect, ok, openCore, time, type Fixture } from './fixture.js';
import { median, ms, type BenchRow } from './report.js';

/** The one-row edit, the member edit and the no-change sync, each against its HTTP calls alone. */
export async function editRows(fixture: Fixture, runs: number): Promise<BenchRow[]> {
  const core = await openCore(fixture, join(fixture.work, 'edits'));
  const connectionId = await connect(core, fixture);
  const view = await ok<{ accounts: AccountRow[] }>(core, 'snapshot:get', { connectionId });
  // The demo admin may change only the accounts of its own group (the same-group rule).
  const editable = view.accounts.filter((a) => a.groups.includes('admins'));
  const members = await ok<{ id: string; name: string }[]>(core, 'members:list', { connectionId });
  // Idle sockets are dropped before the server's keep-alive ends, so a PATCH (never retried) never meets a closed one.
  const client = new ApiClient({ keepAliveTimeoutMs: 2_000 });
  const target: ApiTarget = { url: fixture.url, token: fixture.adminToken };
  const domain = 'default';
  // A GET (retried if its kept-alive socket was closed meanwhile, as a PATCH is not) just before each
  // timed PATCH: the old code blocks this thread long enough for the server to close an idle socket.
  const fresh = () => client.call(target, 'getMe', {});
  const reps = Math.max(runs * 3, 9);

  const edits: number[] = [];
  const patches: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  // The same measure around the bare PATCH: on a loaded machine the process itself is descheduled.
  const loopFloor = monitorEventLoopDelay({ resolution: 1 });
  for (let i = 0; i < reps; i++) {
    const account = editable[(i * 7919) % editable.length]!;
    const patch = { enabled: i % 2 === 0 };
    await fresh();
    loopFloor.enable();
    patches.push(
      await time(() =>
        client.call(target, 'updateServiceAccount', { params: { domain, id: account.id }, body: patch }),
      ),
    );
    loopFloor.disable();
    loop.enable();
    edits.push(
      await time(() => ok(core, 'accounts:update', { connectionId, id: account.id, patch: { enabled: i % 2 === 1 } })),
    );
    loop.disable();
  }
  // The longest stall (max), and a p99 that one descheduling of the process does not set alone.
  const stallMs = loop.max / 1e6;
  const stallP99 = loop.percentile(99) / 1e6;
  const floorStallMs = loopFloor.max / 1e6;

  const memberEdits: number[] = [];
  const memberHttp: number[] = [];
  // Not the admin: it is the last one who may manage members, and the server refuses to demote it.
  const member = members.find((m) => m.name !== 'admin');
  if (member) {
    for (let i = 0; i < reps; i++) {
      await fresh();
      memberHttp.push(
        await time(async () => {
          await client.call(target, 'updateMember', {
            params: { domain, id: member.id },
            body: { roles: i % 2 ? ['Viewer'] : ['Deployment'] },
          });
          await client.call(target, 'listGroups', { params: { domain } });
        }),
      );
      memberEdits.push(
        await time(() =>
          ok(core, 'members:update', {
            connectionId,
            id: member.id,
            patch: { roles: i % 2 ? ['Deployment'] : ['Viewer'] },
          }),
        ),
      );
    }
  }

  const idle: number[] = [];
  const idleHttp: number[] = [];
  await ok(core, 'sync:run', { connectionId });
  for (let i = 0; i < reps; i++) {
    idleHttp.push(
      await time(async () => {
        await fetchCallerAndDirectory(client, target, domain, undefined);
        const first = await client.call(target, 'listServiceAccounts', { params: { domain }, query: { limit: 1 } });
        await client.call(target, 'listServiceAccounts', {
          params: { domain },
          query: { include: 'tokens', limit: 1000, changesSince: first.syncCursor },
        });
      }),
    );
    idle.push(await time(() => ok(core, 'sync:run', { connectionId })));
  }
  await core.dispose();

  const row = (what: string, figure: number, floor: number, floorName: string, curve = false): BenchRow => ({
    what,
    figure: ms(figure),
    floor: `${floorName} ${ms(floor)}`,
    ratio: figure / floor,
    goal: '≤ 2× HTTP',
    met: figure <= 2 * floor,
    ...(curve ? { curve } : {}),
  });
  const rows = [
    row('one-row edit (enable switch) through the core', median(edits), median(patches), 'its PATCH'),
    {
      what: 'event-loop stall during one-row edits',
      figure: `max ${ms(stallMs)}, p99 ${ms(stallP99)}`,
      floor: `around the bare PATCH ${ms(floorStallMs)}`,
      ratio: stallMs / floorStallMs,
      goal: '≤ 16 ms',
      met: stallMs <= 16,
    },
  ];
  if (member) rows.push(row('member edit', median(memberEdits), median(memberHttp), 'its PATCH + group re-read'));
  rows.push(row('incremental sync that finds nothing', median(idle), median(idleHttp), 'its HTTP requests', true));
  return rows;
}
