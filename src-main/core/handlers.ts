import type { TokenMeta } from '../../src-shared/api/models.js';
import type { Channel, LockChannel, ParsedRequestOf, ResponseOf } from '../../src-shared/ipc/contract.js';
import type { ApiTarget } from '../services/api-client.js';
import type { ClipboardService } from '../services/clipboard.js';
import { tlsOf, tlsOfInput } from '../services/connections.js';
import type { Keyring } from '../services/keyring.js';
import type { Notifier } from '../services/lock/notifier.js';
import type { RevealAbout } from '../services/reveals.js';
import { listPasswordManagers, saveToPasswordManager, type PasswordManagerTargets } from '../services/save-to.js';
import type { SettingsStore } from '../services/settings.js';
import type { SystemDialogs } from '../services/system-dialogs.js';
import { toSnapshotView } from '../services/snapshot.js';
import { attentionReport } from '../services/attention-report.js';
import { exportInventory } from '../services/export/export-inventory.js';
import type { Session } from './session.js';
import { refuseRejectedToken } from '../services/token-check.js';

/** What a handler may use: the unlocked session, and what lives across locks. Built per request. */
export type CoreContext = Omit<Session, 'rewrap' | 'settle' | 'dispose'> & {
  appVersion: string;
  platform: string;
  /** The keyring that wraps what the app keeps: the vault while the lock is on, else the OS keychain. */
  keyring: Keyring;
  clipboard: ClipboardService;
  settings: SettingsStore;
  passwordManagers: PasswordManagerTargets;
  /** Names nothing while the app is locked (lock/notifier.ts). */
  notifier: Notifier;
  dialogs: SystemDialogs;
};

/** The channels a session answers; the lock's own are in lock-handlers.ts. */
export type SessionChannel = Exclude<Channel, LockChannel>;

export type Handler<C extends Channel> = (ctx: CoreContext, request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;

/** Registers a new secret's reveal, so Save to… can find it by id, and says where it was saved before. */
function revealed(ctx: CoreContext, secret: string, about: RevealAbout) {
  return {
    revealId: ctx.reveals.open(secret, about),
    savedTo: ctx.saved.find(about.connectionId, about.accountId, about.tokenName),
  };
}

function tokenAbout(connectionId: string, accountId: string | null, owner: string, token: TokenMeta): RevealAbout {
  return {
    connectionId,
    accountId,
    owner,
    tokenName: token.name,
    roles: token.roles,
    expiresAt: token.expiresAt,
    createdAt: token.createdAt,
  };
}

const accountName = (ctx: CoreContext, connectionId: string, accountId: string) =>
  ctx.sync.account(connectionId, accountId)?.name ?? accountId;
const myName = (ctx: CoreContext, connectionId: string) => ctx.sync.snapshot(connectionId)?.me.name ?? 'me';

/** Every channel of the IPC contract and the code behind it; the mapped type makes a gap a type error. */
export const channelHandlers: { [C in SessionChannel]: Handler<C> } = {
  'app:info': async (ctx) => ({ version: ctx.appVersion, platform: ctx.platform, keyring: await ctx.keyring.info() }),

  'connections:list': (ctx) => Promise.resolve(ctx.connections.list()),

  'connections:add': async (ctx, input) => {
    await refuseRejectedToken(ctx.api, { ...input, tls: tlsOfInput(input) }, ctx.signal);
    const view = await ctx.connections.add(input);
    // The first sync runs in the background; the renderer follows it through sync:status events.
    ctx.sync.start(view.id, { full: true });
    return view;
  },

  'connections:update': async (ctx, { id, patch }) => {
    const saved = ctx.connections.get(id);
    const tls = tlsOfInput({
      caCertificate: patch.caCertificate === undefined ? saved.caCertificate : patch.caCertificate,
      pinnedKey: patch.pinnedKey === undefined ? saved.pinnedKey : patch.pinnedKey,
    });
    if (patch.token !== undefined) {
      await refuseRejectedToken(ctx.api, { url: patch.url ?? saved.url, token: patch.token, tls }, ctx.signal);
    }
    const tlsChanged = JSON.stringify(tls) !== JSON.stringify(tlsOf(saved));
    const { view, endpointChanged } = await ctx.connections.update(id, patch);
    if (endpointChanged) {
      ctx.sync.restart(id);
      ctx.activity.forget(id);
    }
    // A new token is what a user enters after "credential missing", new TLS settings what they change
    // after a certificate refusal: bring the data up to date with them.
    else if (patch.token !== undefined || tlsChanged) ctx.sync.start(id);
    return view;
  },

  'connections:remove': (ctx, { id }) => {
    ctx.monitor.forget(id);
    ctx.connections.remove(id);
    ctx.sync.forget(id);
    ctx.activity.forget(id);
    ctx.saved.forget(id);
    void ctx.notices.removeConnection(id);
    return Promise.resolve(null);
  },

  'connections:test': async (ctx, request) => {
    const target: ApiTarget =
      'id' in request
        ? ctx.connections.targetOf(request.id)
        : { url: request.url, token: request.token, tls: tlsOfInput(request) };
    const health = await ctx.api.call(target, 'getHealth', { signal: ctx.signal });
    const me = await ctx.api.call(target, 'getMe', { signal: ctx.signal });
    return { serverVersion: health.version, me };
  },

  'connections:select': (ctx, { id }) => {
    // Checked first: an unknown id is refused and the one watched now stays watched.
    if (id !== null) ctx.connections.get(id);
    ctx.monitor.watch(id);
    return Promise.resolve(id === null ? null : ctx.sync.status(id));
  },

  'sync:run': (ctx, { connectionId, full }) => ctx.sync.run(connectionId, { full }),

  'sync:status': (ctx, { connectionId }) => Promise.resolve(ctx.sync.status(connectionId)),

  'snapshot:get': (ctx, { connectionId }) => {
    const snapshot = ctx.sync.snapshot(connectionId);
    return Promise.resolve(snapshot ? toSnapshotView(snapshot) : null);
  },

  'attention:list': (ctx) =>
    Promise.resolve(attentionReport(ctx, { now: Date.now(), unusedDays: ctx.settings.get().attentionUnusedDays })),

  'accounts:get': (ctx, { connectionId, id }) => Promise.resolve(ctx.sync.account(connectionId, id)),

  // The cache is already updated when these answer; the renderer learns of it from snapshot:changed.
  'accounts:create': (ctx, { connectionId, input }) => ctx.accounts.create(connectionId, input),

  'accounts:update': (ctx, { connectionId, id, patch }) => ctx.accounts.update(connectionId, id, patch),

  'accounts:delete': async (ctx, { connectionId, id }) => {
    await ctx.accounts.remove(connectionId, id);
    return null;
  },

  // The answers that carry a secret go straight back to the renderer, and main keeps the secret
  // under a reveal id only until the dialog closes (reveal:close); see TokenService and reveals.ts.
  'tokens:create': async (ctx, { connectionId, accountId, input }) => {
    const created = await ctx.tokens.create(connectionId, accountId, input);
    const owner = accountName(ctx, connectionId, accountId);
    return { ...created, ...revealed(ctx, created.secret, tokenAbout(connectionId, accountId, owner, created.token)) };
  },

  'tokens:update': (ctx, { connectionId, accountId, name, patch }) =>
    ctx.tokens.update(connectionId, accountId, name, patch),

  'tokens:rotate': async (ctx, { connectionId, accountId, name, graceSeconds, expiresAt }) => {
    const rotated = await ctx.tokens.rotate(connectionId, accountId, name, graceSeconds, expiresAt);
    if (rotated.storedForConnection) return rotated;
    const owner = accountName(ctx, connectionId, accountId);
    return { ...rotated, ...revealed(ctx, rotated.secret, tokenAbout(connectionId, accountId, owner, rotated.token)) };
  },

  'tokens:delete': async (ctx, { connectionId, accountId, name }) => {
    await ctx.tokens.remove(connectionId, accountId, name);
    return null;
  },

  'personalTokens:list': (ctx, { connectionId }) => ctx.personalTokens.list(connectionId),

  // As tokens:create: the secret goes straight back to the renderer and nowhere else.
  'personalTokens:create': async (ctx, { connectionId, input }) => {
    const created = await ctx.personalTokens.create(connectionId, input);
    const about = tokenAbout(connectionId, null, myName(ctx, connectionId), created.token);
    return { ...created, ...revealed(ctx, created.secret, about) };
  },

  'personalTokens:update': (ctx, { connectionId, name, patch }) => ctx.personalTokens.update(connectionId, name, patch),

  // The connection's own token: main stores the new secret and the answer carries none.
  'personalTokens:rotate': async (ctx, { connectionId, name, graceSeconds, expiresAt }) => {
    const rotated = await ctx.personalTokens.rotate(connectionId, name, graceSeconds, expiresAt);
    if (rotated.storedForConnection) return rotated;
    const about = tokenAbout(connectionId, null, myName(ctx, connectionId), rotated.token);
    return { ...rotated, ...revealed(ctx, rotated.secret, about) };
  },

  'personalTokens:delete': async (ctx, { connectionId, name }) => {
    await ctx.personalTokens.remove(connectionId, name);
    return null;
  },

  'members:list': (ctx, { connectionId }) => Promise.resolve(ctx.directory.members(connectionId)),

  'members:create': async (ctx, { connectionId, input }) => {
    const created = await ctx.directory.createMember(connectionId, input);
    const about = tokenAbout(connectionId, `member:${created.member.id}`, created.member.name, created.token);
    return { ...created, ...revealed(ctx, created.secret, about) };
  },

  'members:update': (ctx, { connectionId, id, patch }) => ctx.directory.updateMember(connectionId, id, patch),

  'members:delete': async (ctx, { connectionId, id }) => {
    await ctx.directory.removeMember(connectionId, id);
    return null;
  },

  'groups:list': (ctx, { connectionId }) => Promise.resolve(ctx.directory.groups(connectionId)),

  'groups:create': (ctx, { connectionId, input }) => ctx.directory.createGroup(connectionId, input),

  'groups:update': (ctx, { connectionId, name, patch }) => ctx.directory.updateGroup(connectionId, name, patch),

  'groups:delete': async (ctx, { connectionId, name }) => {
    await ctx.directory.removeGroup(connectionId, name);
    return null;
  },

  'members:setBundles': (ctx, { connectionId, id, bundles }) => ctx.bundles.setMemberBundles(connectionId, id, bundles),

  'groups:setBundles': (ctx, { connectionId, name, bundles }) =>
    ctx.bundles.setGroupBundles(connectionId, name, bundles),

  'bundles:list': (ctx, { connectionId }) => Promise.resolve(ctx.bundles.list(connectionId)),

  'tokenPolicy:get': (ctx, { connectionId }) => ctx.tokenPolicies.get(connectionId),
  'tokenPolicy:set': (ctx, { connectionId, policy }) => ctx.tokenPolicies.set(connectionId, policy),
  'tokenPolicy:violations': (ctx, { connectionId }) => ctx.tokenPolicies.violations(connectionId),

  'bundles:create': (ctx, { connectionId, input }) => ctx.bundles.create(connectionId, input),

  'bundles:update': (ctx, { connectionId, name, patch }) => ctx.bundles.update(connectionId, name, patch),

  'bundles:delete': async (ctx, { connectionId, name }) => {
    await ctx.bundles.remove(connectionId, name);
    return null;
  },

  'export:inventory': (ctx, request) =>
    exportInventory(ctx, request, { now: Date.now(), unusedDays: ctx.settings.get().attentionUnusedDays }),

  'leakScan:run': async (ctx) => {
    const folder = await ctx.dialogs.pickFolder({ title: 'Choose a folder to scan for TokenDesk tokens' });
    return folder === null ? null : ctx.leakScan.scan(folder);
  },
  'leakScan:cancel': (ctx) => {
    ctx.leakScan.cancel();
    return Promise.resolve(null);
  },
  'leakScan:revoke': (ctx, { connectionId, digests, source }) => ctx.leakScan.revoke(connectionId, digests, source),

  'logs:list': (ctx, { connectionId, accountId, query }) => ctx.activity.logs(connectionId, accountId, query),

  'audit:list': (ctx, { connectionId, query }) => ctx.activity.audit(connectionId, query),

  'clipboard:copy': (ctx, { text }) => ctx.clipboard.copy(text),
  'clipboard:copyText': async (ctx, { text }) => {
    await ctx.clipboard.copyPlain(text);
    return null;
  },

  'settings:get': (ctx) => Promise.resolve(ctx.settings.get()),

  'passwordManagers:list': (ctx) => listPasswordManagers(ctx.passwordManagers, ctx.settings),

  'passwordManagers:pickKeepass': (ctx) =>
    ctx.dialogs.pickFile({ title: 'Choose a KeePass database', extensions: ['kdbx'] }),

  'reveal:save': async (ctx, request) => {
    const { about, secret } = ctx.reveals.get(request.revealId);
    const server = ctx.connections.get(about.connectionId).url;
    const result = await saveToPasswordManager(ctx.passwordManagers, request, { server, about, secret });
    if (request.kind === 'keepass') ctx.settings.rememberKeepass(request.place);
    ctx.saved.record(about.connectionId, {
      accountId: about.accountId,
      tokenName: about.tokenName,
      kind: result.kind,
      entryTitle: result.entryTitle,
      savedAt: result.savedAt,
    });
    return result;
  },

  'reveal:close': (ctx, { revealId }) => {
    ctx.reveals.close(revealId);
    return Promise.resolve(null);
  },

  'savedEntries:list': (ctx, { connectionId }) => {
    ctx.connections.get(connectionId);
    return Promise.resolve(ctx.saved.list(connectionId));
  },

  'settings:update': (ctx, patch) => {
    const settings = ctx.settings.update(patch);
    if (patch.syncEveryMinutes !== undefined) ctx.monitor.scheduleChanged();
    if (patch.notifications !== undefined) void ctx.notices.refresh();
    return Promise.resolve(settings);
  },
};
