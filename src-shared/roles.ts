/** Built-in roles and the permissions each grants. The server and the app both read this table. */
export const PERMISSIONS = [
  'service_account.read',
  'service_account.manage',
  'access_token.manage',
  'member.read',
  'member.manage',
  'audit.read',
  'log.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_NAMES = ['Admin', 'Power User', 'Deployment', 'Viewer'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export interface RoleDefinition {
  name: RoleName;
  description: string;
  permissions: readonly Permission[];
}

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    name: 'Admin',
    description: 'Full access to every feature, including members, groups and audit.',
    permissions: PERMISSIONS,
  },
  {
    name: 'Power User',
    description: 'Creates and manages service accounts and their tokens; reads logs and audit.',
    permissions: [
      'service_account.read',
      'service_account.manage',
      'access_token.manage',
      'member.read',
      'audit.read',
      'log.read',
    ],
  },
  {
    name: 'Deployment',
    description: 'Reads service accounts and issues, rotates and revokes their tokens for pipelines.',
    permissions: ['service_account.read', 'access_token.manage', 'member.read', 'log.read'],
  },
  {
    name: 'Viewer',
    description: 'Read-only access to service accounts, their token metadata and members.',
    permissions: ['service_account.read', 'member.read'],
  },
];

/**
 * What only the Admin role holds (today: member.manage). A token or member holding one of these holds
 * Admin-grade power, whatever roles it names: the token policy and the app's step-up both count it so.
 */
export const ADMIN_ONLY_PERMISSIONS: ReadonlySet<string> = new Set(
  BUILT_IN_ROLES.find((role) => role.name === 'Admin')!.permissions.filter(
    (permission) => !BUILT_IN_ROLES.some((role) => role.name !== 'Admin' && role.permissions.includes(permission)),
  ),
);

/** Whether these permissions include one only Admin holds. */
export function isAdminGrade(permissions: Iterable<string>): boolean {
  for (const permission of permissions) if (ADMIN_ONLY_PERMISSIONS.has(permission)) return true;
  return false;
}

export function permissionsOf(roles: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of BUILT_IN_ROLES) {
    if (roles.includes(role.name)) role.permissions.forEach((p) => granted.add(p));
  }
  return PERMISSIONS.filter((p) => granted.has(p));
}
