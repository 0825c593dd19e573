import { z } from 'zod';
import {
  Bundle,
  BundleName,
  CreateBundleBody,
  GrantedBundles,
  PatchBundleBody,
  SetBundlesBody,
} from '../api/bundles.js';
import {
  AuditEvent,
  AuditQuery,
  CreateGroupBody,
  CreateMemberBody,
  Group,
  Member,
  PatchGroupBody,
  PatchMemberBody,
} from '../api/directory.js';
import { RequestLogEntry, RequestLogQuery } from '../api/logs.js';
import { PolicyViolationList, TokenPolicyResponse } from '../api/token-policy.js';
import { TokenPolicy } from '../token-policy.js';
import { TokenMeta } from '../api/models.js';
import { CreatePersonalTokenBody, PatchPersonalTokenBody } from '../api/personal-tokens.js';
import { CreateServiceAccountBody, PatchServiceAccountBody } from '../api/service-accounts.js';
import { CreateTokenBody, PatchTokenBody, RotateTokenBody } from '../api/tokens.js';
import type { Result } from '../errors.js';
import {
  AccountDetail,
  AppInfo,
  CachedList,
  CachedPage,
  ClipboardCopyResult,
  ConnectionInput,
  ConnectionPatch,
  ConnectionTestResult,
  ConnectionView,
  RevealedMember,
  RevealedToken,
  TokenRotation,
  Settings,
  SettingsPatch,
  Snapshot,
  SnapshotChanged,
  SyncStatus,
} from './models.js';
import { AttentionReport, NoticeTarget } from './attention.js';
import { ExportRequest, ExportResult } from './export.js';
import { LeakScanReport, LeakScanRevoke, ScanProgress } from './leak-scan.js';
import { RevokeLeakedResults } from '../api/leaks.js';
import { LockSettings, LockStatus, NewPassphrase, Passphrase, Proof } from './lock.js';
import { PasswordManagers, SavedEntry, SaveRequest, SaveResult } from './password-managers.js';

/** An id (of a connection, an account, a member) as a request names it. */
const Id = z.string().min(1).max(100);
/** A name (of a token, a group) as a request names it. */
const Name = z.string().min(1).max(64);

const ConnectionRef = z.object({ connectionId: Id }).strict();
/** A request about one connection: its id and these fields, nothing else. */
const onConnection = <S extends z.ZodRawShape>(shape: S) => ConnectionRef.extend(shape).strict();
const AccountRef = onConnection({ accountId: Id });
const TokenRef = AccountRef.extend({ name: Name }).strict();

/**
 * Every IPC channel: its request schema (parsed in main before any handler runs) and its response
 * schema. The preload and the test harness both build the renderer's API from this one table.
 */
export const ipcContract = {
  'app:info': { request: z.undefined(), response: AppInfo },
  'connections:list': { request: z.undefined(), response: z.array(ConnectionView) },
  'connections:add': { request: ConnectionInput, response: ConnectionView },
  'connections:update': { request: z.object({ id: Id, patch: ConnectionPatch }).strict(), response: ConnectionView },
  'connections:remove': { request: z.object({ id: Id }).strict(), response: z.null() },
  'connections:test': {
    request: z.union([z.object({ id: Id }).strict(), ConnectionInput]),
    response: ConnectionTestResult,
  },
  /**
   * The connection the window shows now (null: none). Main keeps that one live: it syncs it at once,
   * checks its server in the background and syncs it on the schedule in Settings; the one shown
   * before is left alone. Answers its state.
   */
  'connections:select': { request: z.object({ id: Id.nullable() }).strict(), response: SyncStatus.nullable() },
  'sync:run': { request: onConnection({ full: z.boolean().optional() }), response: SyncStatus },
  'sync:status': { request: ConnectionRef, response: SyncStatus },
  'snapshot:get': { request: ConnectionRef, response: Snapshot.nullable() },
  'accounts:get': { request: onConnection({ id: Id }), response: AccountDetail.nullable() },
  'accounts:create': { request: onConnection({ input: CreateServiceAccountBody }), response: AccountDetail },
  'accounts:update': { request: onConnection({ id: Id, patch: PatchServiceAccountBody }), response: AccountDetail },
  'accounts:delete': { request: onConnection({ id: Id }), response: z.null() },
  /**
   * The answers that carry a secret (this one, the rotates, personalTokens:create, members:create):
   * the renderer keeps it in the reveal dialog and nowhere else; main keeps it under `revealId` for
   * Save to… until reveal:close.
   */
  'tokens:create': { request: AccountRef.extend({ input: CreateTokenBody }).strict(), response: RevealedToken },
  'tokens:update': { request: TokenRef.extend({ patch: PatchTokenBody }).strict(), response: TokenMeta },
  /** Answers the new secret for the reveal dialog, unless it is the connection's own token (see TokenRotation). */
  'tokens:rotate': {
    request: TokenRef.extend({
      graceSeconds: RotateTokenBody.shape.graceSeconds,
      expiresAt: RotateTokenBody.shape.expiresAt,
    }).strict(),
    response: TokenRotation,
  },
  'tokens:delete': { request: TokenRef, response: z.null() },
  /** Copies text (a secret) through main; it is cleared after the configured delay if still there. */
  'clipboard:copy': { request: z.object({ text: z.string().min(1).max(500) }).strict(), response: ClipboardCopyResult },
  /**
   * Copies text that is not a secret (a name, an id, a hint) as the user would: not concealed and not
   * cleared later. Secrets go through clipboard:copy only.
   */
  'clipboard:copyText': { request: z.object({ text: z.string().min(1).max(1000) }).strict(), response: z.null() },
  /** The caller's personal tokens: from the server, or offline the copy the last sync kept. */
  'personalTokens:list': { request: ConnectionRef, response: CachedList(TokenMeta) },
  'personalTokens:create': { request: onConnection({ input: CreatePersonalTokenBody }), response: RevealedToken },
  'personalTokens:update': {
    request: onConnection({ name: Name, patch: PatchPersonalTokenBody }),
    response: TokenMeta,
  },
  'personalTokens:delete': { request: onConnection({ name: Name }), response: z.null() },
  /** Answers the new secret for the reveal dialog, unless it is the connection's own token (see TokenRotation). */
  'personalTokens:rotate': {
    request: onConnection({
      name: Name,
      graceSeconds: RotateTokenBody.shape.graceSeconds,
      expiresAt: RotateTokenBody.shape.expiresAt,
    }),
    response: TokenRotation,
  },
  /** The domain's members from the cache (kept fresh by sync), so they can be browsed offline. */
  'members:list': { request: ConnectionRef, response: z.array(Member) },
  /** Answers the new member's first personal token's secret, once, for the reveal dialog. */
  'members:create': { request: onConnection({ input: CreateMemberBody }), response: RevealedMember },
  'members:update': { request: onConnection({ id: Id, patch: PatchMemberBody }), response: Member },
  'members:delete': { request: onConnection({ id: Id }), response: z.null() },
  /** The domain's groups from the cache, as members:list gives its members. */
  'groups:list': { request: ConnectionRef, response: z.array(Group) },
  'groups:create': { request: onConnection({ input: CreateGroupBody }), response: Group },
  'groups:update': { request: onConnection({ name: Name, patch: PatchGroupBody }), response: Group },
  'groups:delete': { request: onConnection({ name: Name }), response: z.null() },
  /** Sets the bundles granted to one person (member.manage); answers the bundles now granted. */
  'members:setBundles': {
    request: onConnection({ id: Id, bundles: SetBundlesBody.shape.bundles }),
    response: GrantedBundles,
  },
  /** Sets the bundles granted to one group (member.manage); answers the bundles now granted. */
  'groups:setBundles': {
    request: onConnection({ name: Name, bundles: SetBundlesBody.shape.bundles }),
    response: GrantedBundles,
  },
  /** The domain's bundles from the cache, as members:list gives its members (browsable offline). */
  'bundles:list': { request: ConnectionRef, response: z.array(Bundle) },
  'bundles:create': { request: onConnection({ input: CreateBundleBody }), response: Bundle },
  'bundles:update': { request: onConnection({ name: BundleName, patch: PatchBundleBody }), response: Bundle },
  'bundles:delete': { request: onConnection({ name: BundleName }), response: z.null() },
  /** The domain's token policy as the server has it now, with auto-suspend's last run (online only). */
  'tokenPolicy:get': { request: ConnectionRef, response: TokenPolicyResponse },
  /** Replaces the domain's token policy (Admins); the snapshot keeps the new one. */
  'tokenPolicy:set': { request: onConnection({ policy: TokenPolicy }), response: TokenPolicyResponse },
  /** The tokens and accounts that break the policy in force (online only). */
  'tokenPolicy:violations': { request: ConnectionRef, response: PolicyViolationList },
  /** What needs attention across every connection, from the cache (it answers offline too). */
  'attention:list': { request: z.undefined(), response: AttentionReport },
  /**
   * Scan a folder…: asks for the folder with the system's dialog, walks it in main (secrets found never
   * leave main) and looks their digests up on every connection; null when the dialog was cancelled.
   * Progress arrives as leakScan:progress events.
   */
  'leakScan:run': { request: z.undefined(), response: LeakScanReport.nullable() },
  /** Stops the scan running now; its report comes back with what was found so far. */
  'leakScan:cancel': { request: z.undefined(), response: z.null() },
  /** Revokes tokens found in one file as leaked, on one connection; the file is the audit's source. */
  'leakScan:revoke': { request: LeakScanRevoke, response: RevokeLeakedResults },
  /**
   * Export…: the inventory from the cache (never a secret) as CSV or JSON, to where the user says in the
   * system's save dialog; null when the dialog was cancelled.
   */
  'export:inventory': { request: ExportRequest, response: ExportResult.nullable() },
  /** A page of an account's request log: from the server, or the cached first page when offline. */
  'logs:list': {
    request: AccountRef.extend({ query: RequestLogQuery.prefault({}) }).strict(),
    response: CachedPage(RequestLogEntry),
  },
  'audit:list': { request: onConnection({ query: AuditQuery.prefault({}) }), response: CachedPage(AuditEvent) },
  'settings:get': { request: z.undefined(), response: Settings },
  'settings:update': { request: SettingsPatch, response: Settings },
  /** The passwords managers this machine has, and the KeePass database picked before. */
  'passwordManagers:list': { request: z.undefined(), response: PasswordManagers },
  /** Asks for a KeePass database with the system's open dialog; null when the user cancelled. */
  'passwordManagers:pickKeepass': { request: z.undefined(), response: z.string().nullable() },
  /** Saves an open reveal's secret to a password manager, straight from main (never the clipboard). */
  'reveal:save': { request: SaveRequest, response: SaveResult },
  /** The reveal dialog closed: main zero-fills and drops the secret. */
  'reveal:close': { request: z.object({ revealId: z.string().uuid() }).strict(), response: z.null() },
  /** Where each token of a connection was saved (kind and entry title): for the token rows. */
  'savedEntries:list': { request: ConnectionRef, response: z.array(SavedEntry) },
  /** The two channels a locked app answers: its status, and unlocking it. */
  'lock:status': { request: z.undefined(), response: LockStatus },
  'lock:unlock': { request: Proof, response: LockStatus },
  'lock:lock': { request: z.undefined(), response: LockStatus },
  /** Turns the lock on: the passphrase then wraps the data key and the connections' credentials. */
  'lock:setUp': {
    request: z.object({ passphrase: NewPassphrase, settings: LockSettings.partial().strict().optional() }).strict(),
    response: LockStatus,
  },
  'lock:configure': {
    request: LockSettings.partial()
      .strict()
      .refine((patch) => Object.keys(patch).length > 0, 'Send at least one lock setting.'),
    response: LockStatus,
  },
  'lock:changePassphrase': {
    request: z.object({ current: Passphrase, next: NewPassphrase }).strict(),
    response: LockStatus,
  },
  /** Turns the lock off (with the passphrase): the OS keychain wraps everything again, as before. */
  'lock:disable': { request: z.object({ passphrase: Passphrase }).strict(), response: LockStatus },
  /** Proves it is the user again before an Admin-grade action (step_up_required). */
  'lock:stepUp': { request: Proof, response: z.null() },
} as const;

/** What a locked app still answers; every other channel answers `locked`. */
export const LOCKED_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['lock:status', 'lock:unlock']);
export type LockChannel = Extract<Channel, `lock:${string}`>;

export type IpcContract = typeof ipcContract;
export type Channel = keyof IpcContract;
export type RequestOf<C extends Channel> = z.input<IpcContract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<IpcContract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<IpcContract[C]['response']>;

/** Events main pushes to the renderer. */
export const ipcEvents = {
  'sync:status': SyncStatus,
  'snapshot:changed': SnapshotChanged,
  /** The app locked or unlocked (or its lock settings changed). */
  'lock:changed': LockStatus,
  /** How far the folder scan running now has come. */
  'leakScan:progress': ScanProgress,
  /** A token notification was clicked: the token to show, or null for the Attention view (several tokens). */
  'notice:open': NoticeTarget.nullable(),
} as const;
export type EventChannel = keyof typeof ipcEvents;
export type EventOf<E extends EventChannel> = z.output<(typeof ipcEvents)[E]>;

/** The named functions the renderer sees on `window.tokendesk`, each mapped to its channel. */
export const bridgeSpec = {
  app: { info: 'app:info' },
  connections: {
    list: 'connections:list',
    add: 'connections:add',
    update: 'connections:update',
    remove: 'connections:remove',
    test: 'connections:test',
    select: 'connections:select',
  },
  sync: { run: 'sync:run', status: 'sync:status' },
  snapshot: { get: 'snapshot:get' },
  attention: { list: 'attention:list' },
  exports: { inventory: 'export:inventory' },
  leakScan: { run: 'leakScan:run', cancel: 'leakScan:cancel', revoke: 'leakScan:revoke' },
  accounts: { get: 'accounts:get', create: 'accounts:create', update: 'accounts:update', remove: 'accounts:delete' },
  tokens: { create: 'tokens:create', update: 'tokens:update', rotate: 'tokens:rotate', remove: 'tokens:delete' },
  tokenPolicy: { get: 'tokenPolicy:get', set: 'tokenPolicy:set', violations: 'tokenPolicy:violations' },
  clipboard: { copy: 'clipboard:copy', copyText: 'clipboard:copyText' },
  settings: { get: 'settings:get', update: 'settings:update' },
  passwordManagers: { list: 'passwordManagers:list', pickKeepass: 'passwordManagers:pickKeepass' },
  reveal: { save: 'reveal:save', close: 'reveal:close' },
  savedEntries: { list: 'savedEntries:list' },
  lock: {
    status: 'lock:status',
    unlock: 'lock:unlock',
    lock: 'lock:lock',
    setUp: 'lock:setUp',
    configure: 'lock:configure',
    changePassphrase: 'lock:changePassphrase',
    disable: 'lock:disable',
    stepUp: 'lock:stepUp',
  },
  personalTokens: {
    list: 'personalTokens:list',
    create: 'personalTokens:create',
    update: 'personalTokens:update',
    rotate: 'personalTokens:rotate',
    remove: 'personalTokens:delete',
  },
  members: {
    list: 'members:list',
    create: 'members:create',
    update: 'members:update',
    remove: 'members:delete',
    setBundles: 'members:setBundles',
  },
  groups: {
    list: 'groups:list',
    create: 'groups:create',
    update: 'groups:update',
    remove: 'groups:delete',
    setBundles: 'groups:setBundles',
  },
  bundles: { list: 'bundles:list', create: 'bundles:create', update: 'bundles:update', remove: 'bundles:delete' },
  logs: { list: 'logs:list' },
  audit: { list: 'audit:list' },
} as const satisfies Record<string, Record<string, Channel>>;

export const bridgeEventSpec = {
  onSyncStatus: 'sync:status',
  onSnapshotChanged: 'snapshot:changed',
  onLockChanged: 'lock:changed',
  onLeakScanProgress: 'leakScan:progress',
  onNoticeOpen: 'notice:open',
} as const satisfies Record<string, EventChannel>;

type Call<C extends Channel> =
  RequestOf<C> extends undefined
    ? () => Promise<Result<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

export type TokenDeskApi = {
  [G in keyof typeof bridgeSpec]: { [F in keyof (typeof bridgeSpec)[G]]: Call<(typeof bridgeSpec)[G][F] & Channel> };
} & {
  events: {
    [E in keyof typeof bridgeEventSpec]: (
      listener: (payload: EventOf<(typeof bridgeEventSpec)[E]>) => void,
    ) => () => void;
  };
};

/** The global name the preload exposes through `contextBridge`. */
export const BRIDGE_GLOBAL = 'tokendesk';

export type Invoke = (channel: Channel, request: unknown) => Promise<Result<unknown>>;
export type Subscribe = (channel: EventChannel, listener: (payload: unknown) => void) => () => void;

/** Builds the named API over a transport; used by the preload and by the browser test harness. */
export function buildBridgeApi(invoke: Invoke, subscribe: Subscribe): TokenDeskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [group, functions] of Object.entries(bridgeSpec)) {
    api[group] = {};
    for (const [name, channel] of Object.entries(functions)) {
      api[group][name] = (request?: unknown) => invoke(channel, request);
    }
  }
  api.events = {};
  for (const [name, channel] of Object.entries(bridgeEventSpec)) {
    api.events[name] = (listener: (payload: unknown) => void) => subscribe(channel, listener);
  }
  return api as unknown as TokenDeskApi;
}
