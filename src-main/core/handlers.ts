import type { Channel, ParsedRequestOf, ResponseOf } from '../../src-shared/ipc/contract.js';
import type { AccountService } from '../services/accounts.js';
import type { ActivityService } from '../services/activity.js';
import type { ApiClient, ApiTarget } from '../services/api-client.js';
import type { BundleService } from '../services/bundles.js';
import type { ClipboardService } from '../services/clipboard.js';
import type { ConnectionMonitor } from '../services/connection-monitor.js';
import { tlsOf, tlsOfInput, type ConnectionService } from '../services/connections.js';
import type { DirectoryService } from '../services/directory.js';
import type { Keyring } from '../services/keyring.js';
import type { PersonalTokenService } from '../services/personal-tokens.js';
import type { SettingsStore } from '../services/settings.js';
import { toSnapshotView } from '../services/snapshot.js';
import type { SyncService } from '../services/sync.js';
import { refuseRejectedToken } from '../services/token-check.js';
import type { TokenService } from '../services/tokens.js';

/** What a handler may use. Built once by createCore. */
export interface CoreContext {
  appVersion: string;
  platform: string;
  keyring: Keyring;
  connections: ConnectionService;
  sync: SyncService;
  monitor: ConnectionMonitor;
  accounts: AccountService;
  tokens: TokenService;
  personalTokens: PersonalTokenService;
  directory: DirectoryService;
  bundles: BundleService;
  activity: ActivityService;
  clipboard: ClipboardService;
  settings: SettingsStore;
  api: ApiClient;
  signal: AbortSignal;
}

export type Handler<C extends Channel> = (ctx: CoreContext, request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;

/** Every channel of the IPC contract and the code behind it; the mapped type makes a gap a type error. */
export const channelHandlers: { [C in Channel]: Handler<C> } = {
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

  'accounts:get': (ctx, { connectionId, id }) => Promise.resolve(ctx.sync.account(connectionId, id)),

  // The cache is already updated when these answer; the renderer learns of it from snapshot:changed.
  'accounts:create': (ctx, { connectionId, input }) => ctx.accounts.create(connectionId, input),

  'accounts:update': (ctx, { connectionId, id, patch }) => ctx.accounts.update(connectionId, id, patch),

  'accounts:delete': async (ctx, { connectionId, id }) => {
    await ctx.accounts.remove(connectionId, id);
    return null;
  },

  // The one answer that carries a secret goes straight back to the renderer; see TokenService.
  'tokens:create': (ctx, { connectionId, accountId, input }) => ctx.tokens.create(connectionId, accountId, input),

  'tokens:update': (ctx, { connectionId, accountId, name, patch }) =>
    ctx.tokens.update(connectionId, accountId, name, patch),

  'tokens:rotate': (ctx, { connectionId, accountId, name, graceSeconds }) =>
    ctx.tokens.rotate(connectionId, accountId, name, graceSeconds),

  'tokens:delete': async (ctx, { connectionId, accountId, name }) => {
    await ctx.tokens.remove(connectionId, accountId, name);
    return null;
  },

  'personalTokens:list': (ctx, { connectionId }) => ctx.personalTokens.list(connectionId),

  // As tokens:create: the secret goes straight back to the renderer and nowhere else.
  'personalTokens:create': (ctx, { connectionId, input }) => ctx.personalTokens.create(connectionId, input),

  'personalTokens:update': (ctx, { connectionId, name, patch }) => ctx.personalTokens.update(connectionId, name, patch),

  // The connection's own token: main stores the new secret and the answer carries none.
  'personalTokens:rotate': (ctx, { connectionId, name, graceSeconds }) =>
    ctx.personalTokens.rotate(connectionId, name, graceSeconds),

  'personalTokens:delete': async (ctx, { connectionId, name }) => {
    await ctx.personalTokens.remove(connectionId, name);
    return null;
  },

  'members:list': (ctx, { connectionId }) => Promise.resolve(ctx.directory.members(connectionId)),

  'members:create': (ctx, { connectionId, input }) => ctx.directory.createMember(connectionId, input),

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

  'bundles:create': (ctx, { connectionId, input }) => ctx.bundles.create(connectionId, input),

  'bundles:update': (ctx, { connectionId, name, patch }) => ctx.bundles.update(connectionId, name, patch),

  'bundles:delete': async (ctx, { connectionId, name }) => {
    await ctx.bundles.remove(connectionId, name);
    return null;
  },

  'logs:list': (ctx, { connectionId, accountId, query }) => ctx.activity.logs(connectionId, accountId, query),

  'audit:list': (ctx, { connectionId, query }) => ctx.activity.audit(connectionId, query),

  'clipboard:copy': (ctx, { text }) => ctx.clipboard.copy(text),
  'clipboard:copyText': async (ctx, { text }) => {
    await ctx.clipboard.copyPlain(text);
    return null;
  },

  'settings:get': (ctx) => Promise.resolve(ctx.settings.get()),

  'settings:update': (ctx, patch) => {
    const settings = ctx.settings.update(patch);
    if (patch.syncEveryMinutes !== undefined) ctx.monitor.scheduleChanged();
    return Promise.resolve(settings);
  },
};
