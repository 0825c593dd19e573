import type { ConnectionTestResult } from '../../../src-shared/ipc/models.js';

/** "Connected as admin (Admin) — server 0.1.0" */
export function describeTestResult(result: ConnectionTestResult): string {
  const roles = result.me.roles.length > 0 ? result.me.roles.join(', ') : 'no roles';
  return `Connected as ${result.me.name} (${roles}) — server ${result.serverVersion}`;
}
