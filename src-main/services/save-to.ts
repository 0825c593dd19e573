import {
  TARGET_KINDS,
  type PasswordManagers,
  type SaveRequest,
  type SaveResult,
} from '../../src-shared/ipc/password-managers.js';
import { AppFailure } from './errors.js';
import { BitwardenTarget, type BitwardenOptions } from './password-managers/bitwarden.js';
import { KeepassTarget, type KeepassOptions } from './password-managers/keepass.js';
import { OnePasswordTarget } from './password-managers/onepassword.js';
import { PassTarget } from './password-managers/pass.js';
import type { PasswordEntry, PasswordManagerTarget } from './password-managers/target.js';
import type { RevealAbout } from './reveals.js';
import type { SettingsStore } from './settings.js';

/** The four kinds of password manager behind one interface each (services/password-managers). */
export interface PasswordManagerTargets {
  keepass: PasswordManagerTarget<KeepassOptions>;
  pass: PasswordManagerTarget<Record<string, never>>;
  bitwarden: PasswordManagerTarget<BitwardenOptions>;
  '1password': PasswordManagerTarget<Record<string, never>>;
}

export async function listPasswordManagers(
  targets: PasswordManagerTargets,
  settings: SettingsStore,
): Promise<PasswordManagers> {
  const list = await Promise.all(
    TARGET_KINDS.map(async (kind) => {
      const availability = await targets[kind].availability();
      return { kind, available: availability.available, reason: availability.available ? null : availability.reason };
    }),
  );
  return { targets: list, keepass: settings.get().keepass };
}

/** `https://td.example:8443/x` → `td.example:8443`: an entry's title names the server without a scheme. */
function serverName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What an entry holds, from the reveal: title, username, URL, notes, and the secret (never a copy). */
function entryFor(server: string, about: RevealAbout, secret: Buffer): PasswordEntry {
  const notes = [
    `Account: ${about.owner}`,
    `Roles: ${about.roles.join(', ') || 'none'}`,
    `Expires: ${about.expiresAt ?? 'never'}`,
    `Created: ${about.createdAt}`,
    'Saved by TokenDesk.',
  ].join('\n');
  return {
    title: `tokendesk/${serverName(server)}/${about.owner}/${about.tokenName}`,
    username: about.tokenName,
    secret,
    url: server,
    notes,
  };
}

/**
 * Hands an open reveal's secret to a password manager. Master passwords arrive as text over IPC and
 * live here only as buffers that are zero-filled when the save ends.
 */
export async function saveToPasswordManager(
  targets: PasswordManagerTargets,
  request: SaveRequest,
  reveal: { server: string; about: RevealAbout; secret: Buffer },
): Promise<SaveResult> {
  const entry = entryFor(reveal.server, reveal.about, reveal.secret);
  const master = 'masterPassword' in request && request.masterPassword ? Buffer.from(request.masterPassword) : null;
  try {
    const target = targets[request.kind];
    const availability = await target.availability();
    if (!availability.available) throw new AppFailure('password_manager_unavailable', availability.reason);
    const outcome =
      request.kind === 'keepass'
        ? await targets.keepass.save(entry, {
            file: request.place.file,
            group: request.place.group,
            masterPassword: master!,
            createIfMissing: request.create ?? false,
          })
        : request.kind === 'bitwarden'
          ? await targets.bitwarden.save(entry, master ? { masterPassword: master } : {})
          : await targets[request.kind].save(entry, {});
    return {
      kind: outcome.kind,
      entryTitle: outcome.entryTitle,
      updated: outcome.updated,
      savedAt: new Date().toISOString(),
    };
  } finally {
    master?.fill(0);
  }
}

/** The real targets, as the app uses them. */
export function realPasswordManagers(): PasswordManagerTargets {
  return {
    keepass: new KeepassTarget(),
    pass: new PassTarget(),
    bitwarden: new BitwardenTarget(),
    '1password': new OnePasswordTarget(),
  };
}
