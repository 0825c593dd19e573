import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConnectionInput, ConnectionPatch, ConnectionView } from '../../src-shared/ipc/models.js';
import { isSameServer } from '../../src-shared/ipc/server-address.js';
import { IsoDateTime } from '../../src-shared/validation.js';
import type { ApiTarget } from './api-client.js';
import { openConfFile, type ConfLike, type StoreFactory } from './conf-store.js';
import { AppFailure } from './errors.js';
import { checkCaBundle } from './net/certificates.js';
import type { TlsPolicy } from './net/tls-guard.js';
import type { Keyring } from './keyring.js';

/** Parsed IPC inputs (defaults applied). */
export type ConnectionFields = z.output<typeof ConnectionInput>;
export type ConnectionChanges = z.output<typeof ConnectionPatch>;

/**
 * `disk-insecure` is only ever read: older versions let the user store the credential wrapped by an
 * insecure keychain (Linux `basic_text`, a hard-coded password), which is as good as plaintext.
 */
const LEGACY_INSECURE = 'disk-insecure';
/** `keychain`: wrapped by the OS keychain; `passphrase`: by the vault key, while the app lock is on. */
const StoredCredential = z.object({
  storage: z.enum(['keychain', 'passphrase', LEGACY_INSECURE]),
  data: z.string().min(1),
});
type StoredCredential = z.infer<typeof StoredCredential>;

const StoredConnection = z.object({
  id: z.string().min(1),
  name: z.string(),
  url: z.string(),
  domain: z.string(),
  createdAt: IsoDateTime,
  lastSyncedAt: IsoDateTime.nullable(),
  /** Only ever the keychain-encrypted form, base64. Null when the credential is kept in memory. */
  credential: StoredCredential.nullable(),
  /**
   * The id of the token the credential is, as the server's `/me` last said (not secret); null until it
   * has answered for this credential. Files from before it existed read as null.
   */
  tokenId: z.string().nullable().default(null),
  /**
   * A private CA trusted for this server (PEM) and the server key pinned to it (`sha256//…`): not
   * secrets, so kept here in the clear. Files from before they existed read as null.
   */
  caCertificate: z.string().nullable().default(null),
  pinnedKey: z.string().nullable().default(null),
});
export type StoredConnection = z.infer<typeof StoredConnection>;

const ConnectionsFile = z.object({ version: z.literal(1), connections: z.array(StoredConnection) });
type ConnectionsFile = z.infer<typeof ConnectionsFile>;

export interface ConnectionServiceOptions {
  dataDir: string;
  keyring: Keyring;
  /** The vault while the app lock is on (lock/vault-keyring.ts): it wraps the credentials instead. */
  vault?: Keyring | null;
  factory: StoreFactory;
  now?: () => Date;
}

/**
 * Connection profiles in `<dataDir>/connections.json`, kept by conf (electron-store in the app):
 * atomic writes, 0600. The credential is written only
 * encrypted by a secure keychain. Without one (none at all, or Linux `basic_text`) it stays in memory
 * and is gone when the app quits. Views never carry the credential.
 */
export class ConnectionService {
  readonly #keyring: Keyring;
  #vault: Keyring | null;
  readonly #conf: ConfLike<Record<string, unknown>>;
  readonly #now: () => Date;
  #connections: StoredConnection[] = [];
  /** Decrypted credentials, and the memory-only ones. Never written anywhere. */
  readonly #credentials = new Map<string, string>();
  /** Set when connections.json could not be read at startup. */
  recovered: string | null = null;

  private constructor(options: ConnectionServiceOptions, conf: ConfLike<Record<string, unknown>>) {
    this.#keyring = options.keyring;
    this.#vault = options.vault ?? null;
    this.#now = options.now ?? (() => new Date());
    this.#conf = conf;
  }

  static async open(options: ConnectionServiceOptions): Promise<ConnectionService> {
    const loaded = openConfFile({
      factory: options.factory,
      dir: options.dataDir,
      name: 'connections',
      now: options.now,
      parse: (values) => ConnectionsFile.parse(values),
    });
    const service = new ConnectionService(options, loaded.conf);
    if (loaded.setAside) {
      service.recovered = 'The list of connections could not be read, so it was set aside. Add the connections again.';
    }
    service.#connections = loaded.value?.connections ?? [];
    for (const connection of service.#connections) {
      if (!connection.credential) continue;
      const plain = await service.#unwrap(connection.credential);
      if (plain !== null) service.#credentials.set(connection.id, plain);
      // Otherwise a keychain credential stays on disk as it is: the keychain may be locked now and open
      // later. Shown as `missing`.
    }
    await service.#reprotectStale();
    return service;
  }

  list(): ConnectionView[] {
    return this.#connections.map((c) => this.#view(c));
  }

  has(id: string): boolean {
    return this.#connections.some((c) => c.id === id);
  }

  get(id: string): StoredConnection {
    const connection = this.#connections.find((c) => c.id === id);
    if (!connection) throw new AppFailure('unknown_connection', 'That connection no longer exists.');
    return connection;
  }

  view(id: string): ConnectionView {
    return this.#view(this.get(id));
  }

  ids(): string[] {
    return this.#connections.map((c) => c.id);
  }

  /** The credential for requests, or null when it was memory-only and the app restarted. */
  credentialOf(id: string): string | null {
    return this.#credentials.get(id) ?? null;
  }

  /**
   * Where to send a request for this connection, with its credential: the one lookup every request
   * goes through. Throws `credential_missing` when the app no longer has the token.
   */
  targetOf(id: string): ApiTarget {
    const connection = this.get(id);
    const token = this.credentialOf(id);
    if (token === null) {
      throw new AppFailure(
        'credential_missing',
        `TokenDesk no longer has the token for "${connection.name}" (it was kept in memory only, or the keychain was reset). Enter it again under Connections.`,
      );
    }
    return { url: connection.url, token, connectionId: id, tls: tlsOf(connection) };
  }

  /**
   * Whether a request's target is what the connection holds now: same address, same token. An answer
   * to a request sent before the token or address changed says nothing about the connection now.
   */
  isCurrent(target: ApiTarget & { connectionId: string }): boolean {
    const connection = this.#connections.find((c) => c.id === target.connectionId);
    return (
      connection !== undefined && connection.url === target.url && this.credentialOf(connection.id) === target.token
    );
  }

  async add(input: ConnectionFields): Promise<ConnectionView> {
    this.#assertNameFree(input.name, null);
    const id = randomUUID();
    const { caCertificate, pinnedKey } = tlsOfInput(input);
    const credential = await this.#protect(input.token);
    const connection: StoredConnection = {
      id,
      name: input.name,
      url: input.url,
      domain: input.domain,
      createdAt: this.#now().toISOString(),
      lastSyncedAt: null,
      credential,
      tokenId: null,
      caCertificate,
      pinnedKey,
    };
    this.#credentials.set(id, input.token);
    this.#connections = [...this.#connections, connection];
    this.#persist();
    return this.#view(connection);
  }

  /**
   * Returns the new view and whether the server or domain changed (the cache then belongs elsewhere).
   * A new server address needs a new token in the same patch: the saved token was entered for the old
   * address and is never sent anywhere else. Without one the update is refused and nothing changes.
   */
  async update(id: string, patch: ConnectionChanges): Promise<{ view: ConnectionView; endpointChanged: boolean }> {
    const current = this.get(id);
    if (patch.name !== undefined) this.#assertNameFree(patch.name, id);
    const next: StoredConnection = { ...current };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.url !== undefined) next.url = patch.url;
    if (patch.domain !== undefined) next.domain = patch.domain;
    // Empty text in the form clears a setting (null); absent leaves it as it is.
    if (patch.caCertificate !== undefined) {
      next.caCertificate = patch.caCertificate === null ? null : checkCaBundle(patch.caCertificate);
    }
    if (patch.pinnedKey !== undefined) next.pinnedKey = patch.pinnedKey;
    if (patch.token === undefined && !isSameServer(next.url, current.url)) {
      throw new AppFailure(
        'token_required',
        `The server address changed, so enter the admin token for ${next.url} too. TokenDesk does not send the saved token to a different address.`,
      );
    }
    const endpointChanged = next.url !== current.url || next.domain !== current.domain;
    if (endpointChanged) next.lastSyncedAt = null;

    if (patch.token !== undefined) {
      next.credential = await this.#protect(patch.token);
      // Another token now: which one it is is known once the server next answers /me.
      next.tokenId = null;
    }
    this.#connections = this.#connections.map((c) => (c.id === id ? next : c));
    if (patch.token !== undefined) this.#credentials.set(id, patch.token);
    this.#persist();
    return { view: this.#view(next), endpointChanged };
  }

  remove(id: string): void {
    this.get(id);
    this.#connections = this.#connections.filter((c) => c.id !== id);
    this.#credentials.delete(id);
    this.#persist();
  }

  /** After a sync: when it ended, and which token the credential is (`/me`'s tokenId). */
  setLastSynced(id: string, at: string, tokenId?: string): void {
    if (!this.has(id)) return;
    this.#connections = this.#connections.map((c) =>
      c.id === id ? { ...c, lastSyncedAt: at, ...(tokenId === undefined ? {} : { tokenId }) } : c,
    );
    this.#persist();
  }

  /** Which token the connection's credential is; null when the server has not said yet. */
  tokenIdOf(id: string): string | null {
    return this.get(id).tokenId;
  }

  /**
   * The connection's own token was rotated: its new secret replaces the credential, stored the same way
   * as one the user enters (wrapped by a secure keychain, else memory only), so the app keeps working.
   * Only main ever holds it; `tokenId` is the new token's.
   */
  async replaceCredential(id: string, secret: string, tokenId: string): Promise<ConnectionView> {
    const current = this.get(id);
    const next: StoredConnection = { ...current, credential: await this.#protect(secret), tokenId };
    this.#connections = this.#connections.map((c) => (c.id === id ? next : c));
    this.#credentials.set(id, secret);
    this.#persist();
    return this.#view(next);
  }

  /**
   * The app lock was turned on (a vault) or off (null): every credential the app holds is wrapped
   * again the new way, in one write. Turning it off leaves them memory-only without a secure keychain.
   */
  async rewrap(vault: Keyring | null): Promise<void> {
    this.#vault = vault;
    const next: StoredConnection[] = [];
    for (const connection of this.#connections) {
      const plain = this.#credentials.get(connection.id);
      next.push(plain === undefined ? connection : { ...connection, credential: await this.#protect(plain) });
    }
    this.#connections = next;
    this.#persist();
  }

  /** The app locked: the decrypted credentials leave memory with the rest of the session. */
  forget(): void {
    this.#credentials.clear();
  }

  /**
   * Where the credential goes: wrapped by the vault while the lock is on; else by a secure keychain,
   * or nowhere (null: memory only). An insecure keychain (Linux `basic_text`) wraps with a password
   * anyone can look up, so it is treated as no keychain at all.
   */
  async #protect(token: string): Promise<StoredCredential | null> {
    if (this.#vault) return { storage: 'passphrase', data: (await this.#vault.encrypt(token)).toString('base64') };
    const info = await this.#keyring.info();
    if (!info.available || !info.secure) return null;
    const data = (await this.#keyring.encrypt(token)).toString('base64');
    return { storage: 'keychain', data };
  }

  async #unwrap(credential: StoredCredential): Promise<string | null> {
    const keyring = credential.storage === 'passphrase' ? this.#vault : this.#keyring;
    try {
      return keyring ? await keyring.decrypt(Buffer.from(credential.data, 'base64')) : null;
    } catch {
      return null;
    }
  }

  /**
   * Credentials stored another way than the app stores them now are wrapped again, the same way a
   * new one would be: those an older version kept under an insecure keychain (read once at start, so
   * the user is not locked out, then off the disk), and keychain ones once the lock is on (the turn-on
   * was cut short before it got to them). One that cannot be read is left as it is, unless it was
   * insecure: that one is dropped.
   */
  async #reprotectStale(): Promise<void> {
    const wanted = this.#vault ? 'passphrase' : 'keychain';
    let changed = false;
    const next: StoredConnection[] = [];
    for (const connection of this.#connections) {
      const stored = connection.credential;
      if (!stored || stored.storage === wanted || (stored.storage === 'passphrase' && !this.#vault)) {
        next.push(connection);
        continue;
      }
      const plain = this.#credentials.get(connection.id);
      if (plain === undefined && stored.storage !== LEGACY_INSECURE) {
        next.push(connection);
        continue;
      }
      let credential: StoredCredential | null = null;
      try {
        credential = plain === undefined ? null : await this.#protect(plain);
      } catch {
        // The keychain refused: memory only, which is what an insecure keychain gets anyway.
      }
      next.push({ ...connection, credential });
      changed = true;
    }
    this.#connections = next;
    if (changed) this.#persist();
  }

  #assertNameFree(name: string, exceptId: string | null): void {
    const taken = this.#connections.some((c) => c.id !== exceptId && c.name.toLowerCase() === name.toLowerCase());
    if (taken) throw new AppFailure('name_taken', `There is already a connection named "${name}".`);
  }

  #persist(): void {
    const file: ConnectionsFile = { version: 1, connections: this.#connections };
    this.#conf.set(file);
  }

  #view(c: StoredConnection): ConnectionView {
    const known = this.#credentials.has(c.id);
    const stored = c.credential?.storage === 'passphrase' ? 'passphrase' : 'keychain';
    const credential = c.credential ? (known ? stored : 'missing') : known ? 'memory' : 'missing';
    return {
      id: c.id,
      name: c.name,
      url: c.url,
      domain: c.domain,
      credential,
      createdAt: c.createdAt,
      lastSyncedAt: c.lastSyncedAt,
      tokenId: c.tokenId,
      caCertificate: c.caCertificate,
      pinnedKey: c.pinnedKey,
    };
  }
}

/** The TLS settings typed in a connection form, checked (a CA that does not parse is refused by field). */
export function tlsOfInput(input: Pick<ConnectionChanges, 'caCertificate' | 'pinnedKey'>): TlsPolicy {
  return {
    caCertificate: input.caCertificate ? checkCaBundle(input.caCertificate) : null,
    pinnedKey: input.pinnedKey ?? null,
  };
}

/** What a connection trusts beyond the system store, as the network layer takes it. */
export function tlsOf(connection: Pick<StoredConnection, 'caCertificate' | 'pinnedKey'>): TlsPolicy {
  return { caCertificate: connection.caCertificate, pinnedKey: connection.pinnedKey };
}
