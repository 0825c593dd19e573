import { checkToken } from '../../src-shared/token-format.js';
import type { RoleName } from '../../src-shared/roles.js';
import { HttpError } from '../http/errors.js';
import { digestOf, digestsEqual } from '../store/digest.js';
import { sortRoles } from '../store/members.js';
import type { DomainRow } from '../store/domains.js';
import type { MemberRow } from '../store/members.js';
import type { Store } from '../store/store.js';
import { isoOf, type IsoTime } from '../store/time.js';
import type { TokenRow } from '../store/tokens.js';
import { AuthCache, type AuthVersionSource } from './auth-cache.js';
import { effectiveCallerPermissions, effectiveRoles, type Caller } from './caller.js';
import { permissionNames } from '../../src-shared/permissions.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="TokenDesk"' };
/** "Last used" is written at most this often per token, across every instance, so reads stay reads. */
export const TOUCH_INTERVAL_MS = 60_000;

function unauthorized(code: ConstructorParameters<typeof HttpError>[1], message: string): HttpError {
  return new HttpError(401, code, message, undefined, CHALLENGE);
}

interface Presented {
  secret: string;
  /** For HTTP Basic: the token name or id the client sent as user name. */
  basicUser?: string;
}

/** Reads the credential from the Authorization header. The header is never logged. */
function presented(header: string | undefined): Presented {
  if (!header) {
    throw unauthorized(
      'token_missing',
      'Send your token in the Authorization header: "Authorization: Bearer <token>".',
    );
  }
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (bearer?.[1]) return { secret: bearer[1] };
  const basic = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { basicUser: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  throw unauthorized('token_missing', 'Use the Bearer scheme: "Authorization: Bearer <token>".');
}

/** The token a request presented, once its secret matched a stored digest (usable or not). */
export interface IdentifiedToken {
  tokenId: string;
  memberId: string;
  kind: TokenRow['kind'];
  /** Shared by a rotated token and its replacement: the key of their one rate-limit bucket. */
  lineageId: string;
  maxRps: number | null;
}

/** What a token resolves to; cached per digest while the authorization version stays the same. */
interface TokenState {
  token: TokenRow;
  /** Undefined when the owner is gone (the row was deleted). */
  member: MemberRow | undefined;
  domain: DomainRow | undefined;
  /** The caller this token acts as, once its owner and domain are known. */
  caller: Caller | undefined;
}

/** The authorization version from this server's own database (see AuthVersionSource). */
export function databaseVersion(store: Store): AuthVersionSource {
  return { current: () => store.authState.version() };
}

/**
 * Resolves callers from the Authorization header. The digest → token id map and everything read from
 * a token's rows are cached (AuthCache), and the resolved state is reused only while the authorization
 * version is the one it was read at; a request costs a SHA-256 and one read of that version. Time-based
 * refusals (expiry, the end of a rotation grace) and Basic Auth's user name are checked on every
 * request against the cached rows, since they do not depend on a write.
 */
export class Authenticator {
  private readonly store: Store;
  private readonly cache: AuthCache<TokenState>;
  private readonly version: AuthVersionSource;

  constructor(store: Store, options: { capacity?: number; version?: AuthVersionSource } = {}) {
    this.store = store;
    this.cache = new AuthCache(options.capacity);
    this.version = options.version ?? databaseVersion(store);
  }

  /**
   * The caller, or a 401 that says in plain words what is wrong. The secret is checked offline (shape,
   * checksum) first, then looked up by its SHA-256 digest. `identified` hears of the token as soon as
   * it is known, before any refusal, so a refused request of a known token can still be logged under
   * its account.
   */
  async authenticate(
    header: string | undefined,
    clientAddress: string | null,
    identified?: (token: IdentifiedToken) => void,
  ): Promise<Caller> {
    const { secret, basicUser } = presented(header);
    const check = checkToken(secret);
    if (!check.ok) {
      throw check.reason === 'checksum'
        ? unauthorized(
            'token_checksum_invalid',
            'This token is damaged: its checksum does not match. Copy it again in full, or create a new one.',
          )
        : unauthorized(
            'token_malformed',
            'This is not a TokenDesk token. Tokens start with tdk_sa_ or tdk_pt_ and are 43 characters long.',
          );
    }
    const state = await this.resolve(digestOf(secret));
    if (!state) {
      throw unauthorized('token_unknown', 'This server does not know this token. It may belong to another server.');
    }
    const { token, member, domain } = state;
    identified?.({
      tokenId: token.id,
      memberId: token.member_id,
      kind: token.kind,
      lineageId: token.lineage_id,
      maxRps: token.max_rps,
    });
    const now = this.store.now();
    refuseUnusable(token, isoOf(now));

    if (!member) throw unauthorized('token_unknown', 'This server does not know this token. Its owner was deleted.');
    if (basicUser !== undefined) {
      const allowed = member.type === 'SERVICE_ACCOUNT' && member.basic_auth_enabled === 1;
      if (!allowed || (basicUser !== token.name && basicUser !== token.id)) {
        throw unauthorized(
          'token_missing',
          'Basic Auth works only for service accounts that enable it, with the token name or id as user name. Use "Authorization: Bearer <token>".',
        );
      }
    }
    if (member.enabled === 0) {
      throw member.type === 'SERVICE_ACCOUNT'
        ? unauthorized('account_disabled', 'The service account this token belongs to is disabled.')
        : unauthorized('owner_disabled', 'The owner of this personal token is disabled.');
    }
    if (!domain || !state.caller) throw unauthorized('token_unknown', 'This server does not know this token.');

    if (token.last_used_at === null || now - Date.parse(token.last_used_at) >= TOUCH_INTERVAL_MS) {
      // Best effort: if another connection holds the write lock (a bulk import, say), the request goes
      // through without waiting and a later request records the use. Last use decides nothing, so it
      // does not move the authorization version; the cached row is brought up to date by hand.
      // The cached row only saves a write attempt; touch() itself refuses a second write within the
      // interval, so instances whose caches disagree still write at most once per interval.
      let wrote = false;
      const tried = await this.store.tryWrite(async () => {
        wrote = await this.store.tokens.touch(token.id, now, clientAddress, TOUCH_INTERVAL_MS);
      });
      if (tried) {
        // Written here, or by another instance within the interval: either way this instance need not
        // try again for an interval (the cached row is for this throttle only).
        token.last_used_at = isoOf(now);
        if (wrote) token.last_used_from = clientAddress;
      }
    }
    return state.caller;
  }

  /**
   * The token with this digest and what it acts as, from the cache while the version is unchanged,
   * else from the database. The version is read before the rows, so rows cached under it are never
   * older than it: a change committed in between moves the version again and the next request re-reads.
   */
  private async resolve(digest: string): Promise<TokenState | undefined> {
    const version = await this.version.current();
    const cached = this.cache.get(digest, version);
    if (cached?.state) return cached.state;
    const token = await (cached ? this.store.tokens.get(cached.tokenId) : this.store.tokens.byDigest(digest));
    if (!token || !digestsEqual(token.digest, digest)) {
      this.cache.delete(digest);
      return undefined;
    }
    const state = await this.read(token);
    this.cache.set(digest, token.id, version, state);
    return state;
  }

  private async read(token: TokenRow): Promise<TokenState> {
    const member = await this.store.members.get(token.member_id);
    const domain = member && (await this.store.domains.byId(member.domain_id));
    if (!member || !domain) return { token, member, domain, caller: undefined };
    const roles = effectiveRoles(
      token.kind,
      await this.store.members.rolesOf(member.id),
      sortRoles(JSON.parse(token.roles) as RoleName[]),
    );
    const groups = await this.store.groups.ofMember(member.id);
    // Only a person holds bundles (read only for one).
    const bundles = member.type === 'HUMAN' ? await this.store.bundles.heldByPerson(member.id) : [];
    const effective = effectiveCallerPermissions(member, roles, () => bundles);
    // Shared by every request of this token until the version moves: nothing downstream mutates it.
    const caller: Caller = Object.freeze({
      memberId: member.id,
      memberName: member.name,
      type: member.type,
      domainId: domain.id,
      domainName: domain.name,
      roles,
      permissions: permissionNames(effective),
      effective,
      groups,
      groupIds: new Set(groups.map((g) => g.id)),
      tokenId: token.id,
      tokenKind: token.kind,
      maxRps: token.max_rps,
      tokenExpiresAt: token.expires_at,
    });
    return { token, member, domain, caller };
  }
}

function refuseUnusable(token: TokenRow, now: IsoTime): void {
  if (token.leaked_at !== null) {
    const source = token.leak_source ? ` (reported from: ${token.leak_source})` : '';
    throw unauthorized(
      'token_leaked',
      `This token was reported as leaked${source} and revoked for good. Create a new one.`,
    );
  }
  if (token.deleted_at !== null) {
    throw unauthorized('token_deleted', 'This token has been deleted. Create a new one.');
  }
  if (token.replaced_by !== null && (token.grace_until === null || token.grace_until <= now)) {
    throw unauthorized('token_rotated', 'This token was rotated and its grace period is over. Use the new token.');
  }
  if (token.expires_at !== null && token.expires_at <= now) {
    throw unauthorized('token_expired', 'This token has expired. Create a new one.');
  }
  if (token.status === 'SUSPENDED') {
    throw unauthorized('token_suspended', 'This token is suspended. An admin can activate it again.');
  }
}
