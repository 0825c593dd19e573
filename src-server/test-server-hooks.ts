/**
 * The usual life of a test file's server: started before its tests, closed after them. Apart from
 * test-support.ts because it needs Vitest's hooks, and the Playwright specs import test-support.ts.
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './test-support.js';

/**
 * Registers hooks that start a test server (as startTestServer) before the tests of the enclosing
 * `describe` and close it after them. The object it returns is filled in when the server has started,
 * so it is used inside tests and later hooks only: `const t = useTestServer('label');`.
 */
export function useTestServer(label: string, options?: Parameters<typeof startTestServer>[1]): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    // Descriptors, not Object.assign: dataDir is a getter that must stay one (it throws on PostgreSQL).
    Object.defineProperties(server, Object.getOwnPropertyDescriptors(await startTestServer(label, options)));
  });
  afterAll(async () => {
    await server.close();
  });
  return server;
}
