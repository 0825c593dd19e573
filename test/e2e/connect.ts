import type { Harness } from '../harness/harness.js';
import { expect, type RunningServer } from './fixtures.js';

/**
 * Adds the test server as a connection (with the admin's token unless another is given), reloads the
 * page and waits until the first sync shows the seeded accounts (120, or as many as said). Answers the connection's id.
 */
export async function connect(
  app: Harness,
  server: RunningServer,
  token = server.adminToken,
  accounts = 120,
): Promise<string> {
  const connection = (await app.call('connections:add', {
    name: 'Local test server',
    url: server.url,
    domain: 'default',
    token,
  })) as { id: string };
  await app.page.reload();
  await expect(app.page.getByRole('status').filter({ hasText: 'service accounts' })).toHaveText(
    `Showing ${accounts} of ${accounts} service accounts`,
  );
  return connection.id;
}
