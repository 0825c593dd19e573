import type { Core } from '../core.js';

/** Set by `npm start` on the first run of its local demo server, so the app opens connected to it. */
export const DEV_CONNECTION_ENV = 'TOKENDESK_DEV_CONNECTION';

/**
 * Adds the local demo server as a connection, once. The variable is removed from the environment
 * at once, so the credential does not linger where a crash report or child process could see it;
 * from then on it lives only where every credential lives (encrypted through the OS keychain).
 */
export async function addDevConnection(core: Core, env: NodeJS.ProcessEnv): Promise<void> {
  const raw = env[DEV_CONNECTION_ENV];
  delete env[DEV_CONNECTION_ENV];
  if (!raw) return;
  let parsed: { url?: unknown; token?: unknown };
  try {
    parsed = JSON.parse(raw) as { url?: unknown; token?: unknown };
  } catch {
    console.error(`TokenDesk: ignoring ${DEV_CONNECTION_ENV}: it is not JSON`);
    return;
  }
  const result = await core.handle('connections:add', {
    name: 'Local demo server',
    url: parsed.url,
    domain: 'default',
    token: parsed.token,
  });
  if (!result.ok) console.error(`TokenDesk: could not add the local demo server: ${result.error.message}`);
}
