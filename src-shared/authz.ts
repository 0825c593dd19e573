import { effectivePermissions, permissionNamed, permissionNames, waysToGet, type BundleGrant } from './permissions.js';
import { permissionsOf, type Permission, type RoleName } from './roles.js';
import { SAME_GROUP_MESSAGE } from './errors.js';

/**
 * Who may do what to a service account. The server enforces these rules; the app uses the same
 * functions on its cached `/me` to disable an action ahead of time and say why.
 */
export interface Actor {
  roles: readonly RoleName[] | readonly string[];
  permissions: readonly Permission[] | readonly string[];
  /** Group names. */
  groups: readonly string[];
  /** `HUMAN` for a person; only routes open to people alone (`person`) look at it. */
  type?: string;
}

export type DecisionCode = 'forbidden' | 'not_same_group' | 'group_not_yours';
export type Decision = { allowed: true } | { allowed: false; reason: string; code: DecisionCode };

const ALLOWED: Decision = { allowed: true };

export const SAME_GROUP_CHANGE_MESSAGE = 'You must be in the same group as this service account to change or delete it';
export const SAME_GROUP_LOGS_MESSAGE = 'You must be in the same group as this service account to view its request logs';

/** A route that needs a permission. */
export interface PermissionAccess {
  permission: Permission;
  /** Also lets a holder of this role through (token management: the Admin role too). */
  orRole?: RoleName;
  /** The act, as the refusal words it: "Your permissions do not allow you to <to> (it needs <permission>, …)." */
  to: string;
  /**
   * Set when the route acts on one service account (the `{id}` of its path): the caller must also share
   * a group with it (the same-group rule). The words of that refusal.
   */
  sameGroup?: string;
}

/** A route that needs a role. */
export interface RoleAccess {
  role: RoleName;
  /** As for PermissionAccess. */
  sameGroup?: string;
}

/**
 * What a REST route asks of its caller before it acts. The REST contract (src-shared/api/contract.ts)
 * declares one per route, reads and writes alike; the server checks the caller's half before it reads a
 * body, and the app asks the same rules ahead of time to disable an action and say why.
 * - `public`: no token;
 * - `authenticated`: any token the server accepts;
 * - `person`: a person's token (personal tokens belong to people, not service accounts);
 * - a permission or a role, with or without a group shared with the account acted on.
 */
export type Access = 'public' | 'authenticated' | 'person' | PermissionAccess | RoleAccess;

/** The permission and role rules of the API's routes, by what they guard. */
export const ACCESS = {
  readServiceAccounts: { permission: 'service_account.read', to: 'see service accounts' },
  createServiceAccounts: { permission: 'service_account.manage', to: 'create service accounts' },
  changeServiceAccount: {
    permission: 'service_account.manage',
    to: 'change service accounts',
    sameGroup: SAME_GROUP_CHANGE_MESSAGE,
  },
  /** Token management at the domain level: access_token.manage (or Admin) and a shared group. */
  manageTokens: {
    permission: 'access_token.manage',
    orRole: 'Admin',
    to: 'manage tokens',
    sameGroup: SAME_GROUP_MESSAGE,
  },
  /** Token management at the admin level: the Admin role and a shared group. */
  manageTokensAsAdmin: { role: 'Admin', sameGroup: SAME_GROUP_MESSAGE },
  readDirectory: { permission: 'member.read', to: 'see members and groups' },
  manageDirectory: { permission: 'member.manage', to: 'manage members' },
  /** Bundles are read where members are (the pickers that grant them), defined by Admins only. */
  readBundles: { permission: 'member.read', to: 'see bundles' },
  defineBundles: { role: 'Admin' },
  readAudit: { permission: 'audit.read', to: 'read the audit log' },
  /**
   * Finding or revoking tokens by digest across the domain: access_token.manage (or Admin); the
   * same-group rule is applied to each token found, since no one account is named.
   */
  manageTokensByDigest: { permission: 'access_token.manage', orRole: 'Admin', to: 'manage tokens' },
  /** The domain's token policy: read where service accounts are, changed by Admins only. */
  readTokenPolicy: { permission: 'service_account.read', to: 'see the token policy' },
  setTokenPolicy: { role: 'Admin' },
  readLogs: { permission: 'log.read', to: 'read request logs', sameGroup: SAME_GROUP_LOGS_MESSAGE },
} as const satisfies Record<string, PermissionAccess | RoleAccess>;

export const PERSON_ONLY_MESSAGE = 'Personal tokens belong to people. A service account cannot list or manage them.';

function holds(actor: Actor, permission: Permission): boolean {
  return (actor.permissions as readonly string[]).includes(permission);
}

function plays(actor: Actor, role: RoleName): boolean {
  return (actor.roles as readonly string[]).includes(role);
}

function refused(code: DecisionCode, reason: string): Decision {
  return { allowed: false, code, reason };
}

export function sharesGroup(actor: Actor, groups: readonly string[]): boolean {
  return groups.some((group) => actor.groups.includes(group));
}

/**
 * The caller's half of a route's access: everything but the shared group, which needs the account. A
 * caller refused here gets 403 whether or not the account exists.
 */
export function mayCall(actor: Actor, access: Access, known: KnownBundles = {}): Decision {
  if (access === 'public' || access === 'authenticated') return ALLOWED;
  if (access === 'person') return actor.type === 'HUMAN' ? ALLOWED : refused('forbidden', PERSON_ONLY_MESSAGE);
  if ('role' in access) {
    return plays(actor, access.role)
      ? ALLOWED
      : refused('forbidden', `Only members with the ${access.role} role can do this.`);
  }
  if (holds(actor, access.permission) || (access.orRole !== undefined && plays(actor, access.orRole))) return ALLOWED;
  return refused('forbidden', permissionRefusal(access, known.bundles));
}

/** The domain's bundles, when the caller of a rule knows them: a refusal then names those that would help. */
export interface KnownBundles {
  bundles?: readonly BundleGrant[];
}

/**
 * Why a caller without the permission is refused, with the ways to get it: the built-in roles that carry
 * it and, when known, the domain's bundles that do.
 */
export function permissionRefusal(access: PermissionAccess, bundles?: readonly BundleGrant[]): string {
  return `Your permissions do not allow you to ${access.to} (it needs ${access.permission}, which comes with ${waysToGet(access.permission, bundles)}).`;
}

/** Both halves of an access on one service account: the caller's, then the shared group if the access needs one. */
export function mayActOn(
  actor: Actor,
  access: Access,
  account: { groups: readonly string[] },
  known: KnownBundles = {},
): Decision {
  const caller = mayCall(actor, access, known);
  if (!caller.allowed || typeof access === 'string' || access.sameGroup === undefined) return caller;
  return sharesGroup(actor, account.groups) ? ALLOWED : refused('not_same_group', access.sameGroup);
}

/* `known`, in these four: the domain's bundles, when the caller knows them (the app's pre-flight), so a
 * refusal names those that carry the missing permission too. */

export function canCreateServiceAccount(actor: Actor, known: KnownBundles = {}): Decision {
  return mayCall(actor, ACCESS.createServiceAccounts, known);
}

/** Edit, enable/disable and delete: the permission, and a group shared with the account. */
export function canChangeServiceAccount(
  actor: Actor,
  account: { groups: readonly string[] },
  known: KnownBundles = {},
): Decision {
  return mayActOn(actor, ACCESS.changeServiceAccount, account, known);
}

/** Token management at the domain level: access_token.manage (or Admin) and a shared group. */
export function canManageTokens(
  actor: Actor,
  account: { groups: readonly string[] },
  known: KnownBundles = {},
): Decision {
  return mayActOn(actor, ACCESS.manageTokens, account, known);
}

/** A service account's request logs (its Logs tab): log.read and a group shared with the account. */
export function canReadLogs(actor: Actor, account: { groups: readonly string[] }, known: KnownBundles = {}): Decision {
  return mayActOn(actor, ACCESS.readLogs, account, known);
}

/**
 * What a change hands out, for the ceiling rule: a built-in role, a bundle (given to a person or a group,
 * or by putting a person into a group that holds it), or a permission granted to a service account
 * directly (a grant, or a deny taken away).
 */
export type Handout =
  | { kind: 'role'; name: string }
  | { kind: 'bundle'; name: string; permissions: readonly string[] }
  | { kind: 'grant'; permission: string };

/**
 * The ceiling: no one hands out a permission they do not hold themselves, through any source, so no one
 * can raise a principal (and then its tokens) above their own rights. `added` is what the change adds.
 * An unknown permission is never held.
 */
export function canGrantPermissions(actor: Actor, added: readonly Handout[]): Decision {
  const held = actor.permissions as readonly string[];
  const beyond = added.flatMap((handout) => {
    const carried =
      handout.kind === 'role'
        ? permissionsOf([handout.name])
        : handout.kind === 'bundle'
          ? handout.permissions.map((p) => permissionNamed(p) ?? p)
          : [permissionNamed(handout.permission) ?? handout.permission];
    const missing = carried.filter((permission) => !held.includes(permission));
    // A role some route asks for by name gives more than its permissions; only who plays it gives it.
    // Named only when every permission is held, so a refusal names the permissions first.
    const gated = handout.kind === 'role' && GATE_ROLES.has(handout.name) && !plays(actor, handout.name as RoleName);
    if (gated && missing.length === 0) {
      missing.push(`what only the ${handout.name} role may do`);
    }
    if (missing.length === 0) return [];
    return handout.kind === 'grant' ? missing : [`${handoutName(handout)} (${joinNames(missing)})`];
  });
  if (beyond.length === 0) return ALLOWED;
  return {
    allowed: false,
    code: 'forbidden',
    reason: `You can only give permissions you have yourself; ${joinNames(beyond)} ${beyond.length === 1 ? 'goes' : 'go'} beyond yours.`,
  };
}

/**
 * Roles that routes ask for by name (ACCESS: a `role`, or an `orRole`): the Admin role. Holding every
 * permission, through a bundle or grants, is not playing the role, so the ceiling keeps the role itself
 * for those who play it; otherwise a member given an all-permission bundle could make themselves Admin.
 */
const GATE_ROLES: ReadonlySet<string> = new Set(
  Object.values(ACCESS as Record<string, PermissionAccess | RoleAccess>).flatMap((access) =>
    'role' in access ? [access.role] : access.orRole ? [access.orRole] : [],
  ),
);

function handoutName(handout: Exclude<Handout, { kind: 'grant' }>): string {
  return handout.kind === 'role' ? handout.name : `the ${handout.name} bundle`;
}

/** Giving built-in roles: the ceiling (canGrantPermissions) over the permissions they carry. */
export function canGrantRoles(actor: Actor, added: readonly string[]): Decision {
  return canGrantPermissions(
    actor,
    added.map((name) => ({ kind: 'role', name })),
  );
}

/** What a service account's permissions are made of: its built-in roles and its overrides. */
export interface AccountPermissions {
  roles: readonly string[];
  grants: readonly string[];
  denies: readonly string[];
}

/**
 * What setting a service account's permissions hands out, from `before` (null for a new account, or one
 * enabled again: everything comes back) to `after`: each role added, and, beyond what those roles carry,
 * each permission the account holds after and did not before, each grant added, and each deny taken away.
 * A grant or a deny taken away counts even when a role gives the permission anyway or nothing gives it
 * yet: the change still decides that the account may hold it, once that role goes or another comes.
 */
export function accountPermissionHandouts(before: AccountPermissions | null, after: AccountPermissions): Handout[] {
  const was = before ?? { roles: [], grants: [], denies: [] };
  const addedRoles = after.roles.filter((role) => !was.roles.includes(role));
  const held = new Set(permissionNames(effectivePermissions(was)));
  const viaRoles = new Set(permissionsOf(addedRoles));
  const named = (names: readonly string[]) => names.map((p) => permissionNamed(p) ?? p);
  const given = new Set<string>([
    ...permissionNames(effectivePermissions(after)).filter((p) => !held.has(p)),
    ...named(after.grants).filter((p) => !named(was.grants).includes(p)),
    ...named(was.denies).filter((p) => !named(after.denies).includes(p)),
  ]);
  return [
    ...addedRoles.map((name): Handout => ({ kind: 'role', name })),
    ...[...given]
      .filter((p) => !viaRoles.has(p as Permission))
      .map((permission): Handout => ({ kind: 'grant', permission })),
  ];
}

/**
 * The ceiling on a service account's permissions (roles, grants and denies): whoever sets them must hold
 * everything the change hands out (accountPermissionHandouts). The account's tokens take its grants and
 * denies at once, so this is also the ceiling on what they can do.
 */
export function canSetAccountPermissions(
  actor: Actor,
  before: AccountPermissions | null,
  after: AccountPermissions,
): Decision {
  return canGrantPermissions(actor, accountPermissionHandouts(before, after));
}

/**
 * The ceiling on a service-account token that is made, rotated or brought back: it hands out its roles
 * and, beyond them, the account's grants (less its denies), which every token of the account holds. A
 * role counts whole even where the account denies part of it: a role also opens what asks for the role
 * itself (token management for Admins).
 */
export function canIssueToken(
  actor: Actor,
  tokenRoles: readonly string[],
  account: { grants: readonly string[]; denies: readonly string[] },
): Decision {
  const viaRoles = new Set<string>(permissionsOf(tokenRoles));
  const overrides = effectivePermissions({ roles: [], grants: account.grants, denies: account.denies });
  const granted = permissionNames(overrides).filter((p) => !viaRoles.has(p));
  return canGrantPermissions(actor, [
    ...tokenRoles.map((name): Handout => ({ kind: 'role', name })),
    ...granted.map((permission): Handout => ({ kind: 'grant', permission })),
  ]);
}

/**
 * Putting a service account into groups, on create or by a change that adds groups. Sharing one group
 * with an account is enough to manage its tokens and act through them (the same-group rule), so an account put into
 * a group the caller is not in would carry the caller's reach into that group. Only member.manage, which
 * decides who is in which group anyway, may do that. `added` is what the change adds: keeping groups the
 * account already has, or removing some, puts it into nothing.
 */
export function canPutInGroups(actor: Actor, added: readonly string[]): Decision {
  if (holds(actor, 'member.manage')) return ALLOWED;
  const foreign = added.filter((group) => !actor.groups.includes(group));
  if (foreign.length === 0) return ALLOWED;
  return {
    allowed: false,
    code: 'group_not_yours',
    reason: `You can only put a service account into your own groups, and you are not in ${joinNames(foreign)}. Other groups need member.manage.`,
  };
}

/** Whether a max-RPS change gives a token more room: removing its cap, or raising it. */
export function raisesMaxRps(before: number | null, after: number | null): boolean {
  return before !== null && (after === null || after > before);
}

/** Whether a new expiry (ISO text, null for never) lets a token live longer than it would have. */
export function extendsExpiry(before: string | null, after: string | null): boolean {
  if (before === null) return false;
  return after === null || after > before;
}

/**
 * Whether a token change gives rights back: reactivating a suspended token, raising or removing its
 * max RPS, or letting it live longer. Such a change (like a rotation) hands the token's roles out again,
 * so it goes through the same ceiling as creating the token (canGrantRoles on its roles). Suspending it,
 * lowering its cap or shortening its life only takes rights away, which whoever manages the token may
 * always do.
 */
export function liftsToken(
  before: { status: string; maxRps: number | null; expiresAt?: string | null },
  patch: { status?: string | undefined; maxRps?: number | null | undefined; expiresAt?: string | null | undefined },
): boolean {
  const reactivates = patch.status === 'ACTIVE' && before.status === 'SUSPENDED';
  const outlives = patch.expiresAt !== undefined && extendsExpiry(before.expiresAt ?? null, patch.expiresAt);
  return reactivates || outlives || (patch.maxRps !== undefined && raisesMaxRps(before.maxRps, patch.maxRps));
}

/** A token revoked as leaked is final: nothing but deleting it is allowed (the server answers 409 with these words). */
export function leakedRefusal(name: string): string {
  return `Token "${name}" was revoked as leaked and can never be used again. Delete it and create a new one.`;
}

/**
 * Why a token cannot be rotated, or null when it can: only a current token that still works can be (the
 * server answers 409 conflict with these words). `now` and `expiresAt` are ISO times, which compare as text.
 * The app asks it per row to disable Rotate before the click.
 */
export function rotateRefusal(
  token: { name: string; replacedBy: string | null; expiresAt: string | null; status?: string },
  now: string,
): string | null {
  if (token.status === 'REVOKED_LEAKED') return leakedRefusal(token.name);
  if (token.replacedBy !== null)
    return `Token "${token.name}" was already rotated out. Rotate the token that replaced it.`;
  if (token.expiresAt !== null && token.expiresAt <= now) {
    return `Token "${token.name}" has expired, so a rotation would give an expired token. Create a new one.`;
  }
  return null;
}

/** A person as the last-manager rule sees them (the domain's human members, as `…/members` lists them). */
export interface Person {
  id: string;
  enabled: boolean;
  roles: readonly string[];
  /** The permissions of their own bundles and their groups' bundles: a source of member.manage too. */
  bundlePermissions?: readonly string[];
}

/** A change to one person: new roles, new bundle permissions, enabled or not, or deleted. */
export interface PersonChange {
  id: string;
  roles?: readonly string[] | undefined;
  bundlePermissions?: readonly string[] | undefined;
  enabled?: boolean | undefined;
  deleted?: boolean;
}

const manages = (person: Person): boolean =>
  person.enabled &&
  (permissionsOf(person.roles).includes('member.manage') ||
    (person.bundlePermissions ?? []).some((p) => permissionNamed(p) === 'member.manage'));

/** The last manager's own change, when only bundles (their own or their groups') give them member.manage. */
export const SELF_VIA_BUNDLE_REASON =
  'You are the last member who can manage members: without the bundles that give you member.manage no one could. Give another member the Admin role, or a bundle with member.manage, first.';

export const NO_MANAGER_LEFT_REASON =
  'This would leave no enabled member who can manage members (member.manage). Give another member the Admin role, or a bundle with member.manage, first.';

/**
 * Whether a change that may touch many people at once (a bundle's permissions, a group's bundles, who
 * is in a group) leaves the domain without an enabled person holding member.manage from any source,
 * when it had one. `before` and `after` are the domain's people on either side of the change.
 */
export function leavesNoManager(before: readonly Person[], after: readonly Person[]): boolean {
  return before.some(manages) && !after.some(manages);
}

/**
 * Someone must always be able to manage members: a change that would leave the domain with no enabled
 * person holding member.manage (through a role or a bundle) is refused, like disabling or deleting
 * yourself. Returns the reason, or null when the change keeps a manager. `actorId` picks the words:
 * "your" own role or someone else's.
 */
export function lastManagerReason(people: readonly Person[], change: PersonChange, actorId: string): string | null {
  const after = people
    .filter((person) => !(person.id === change.id && change.deleted))
    .map((person) =>
      person.id === change.id
        ? {
            ...person,
            roles: change.roles ?? person.roles,
            bundlePermissions: change.bundlePermissions ?? person.bundlePermissions,
            enabled: change.enabled ?? person.enabled,
          }
        : person,
    );
  // A domain that already has no manager is not made worse by this change.
  if (!leavesNoManager(people, after)) return null;
  if (change.id !== actorId) return NO_MANAGER_LEFT_REASON;
  // Their own words name where their member.manage comes from: a role, or only bundles.
  const self = people.find((person) => person.id === actorId);
  return self && !permissionsOf(self.roles).includes('member.manage')
    ? SELF_VIA_BUNDLE_REASON
    : 'You are the last member who can manage members: without your Admin role no one could. Give another member the Admin role, or a bundle with member.manage, first.';
}

export const SELF_REMOVAL_REASON = 'You cannot disable or delete yourself. Another member who can manage members can.';

/**
 * Every rule on a change to a person, in the order the server checks them: no one disables or deletes
 * themselves (they would cut off the session they are acting in), and the domain keeps a manager
 * (lastManagerReason). The app asks it per row to disable the switch and Delete before the click.
 */
export function personChangeReason(people: readonly Person[], change: PersonChange, actorId: string): string | null {
  const removes = change.deleted === true || change.enabled === false;
  if (removes && change.id === actorId) return SELF_REMOVAL_REASON;
  return lastManagerReason(people, change, actorId);
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
