import type { Permission } from '../../src-shared/roles.js';

/** What each permission lets a token do, in plain words, next to its code in pickers and previews. */
export const PERMISSION_TEXT: Record<Permission, string> = {
  'service_account.read': 'See service accounts and their settings',
  'service_account.manage': 'Create, change, enable, disable and delete service accounts',
  'access_token.manage': 'Create, rotate, suspend and delete tokens',
  'member.read': 'See members and groups',
  'member.manage': 'Add and change members and groups',
  'audit.read': 'Read the audit log',
  'log.read': 'Read the request logs of service accounts',
};

export function permissionText(permission: string): string {
  return (PERMISSION_TEXT as Record<string, string | undefined>)[permission] ?? permission;
}
