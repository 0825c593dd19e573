import type { ServiceAccountListResponse } from '../../src-shared/api/service-accounts.js';
import { TokenStatus } from '../../src-shared/api/models.js';
import { PERMISSIONS, ROLE_NAMES } from '../../src-shared/roles.js';

/**
 * A fast check of one page of `listServiceAccounts?include=tokens` as this app's server writes it, for
 * the full sync, where the contract's zod schema was a sixth of the sync's time (10,000 accounts ×
 * 5 tokens: ~400 ms of zod against ~250 ms for JSON.parse of the same pages). It answers the page
 * itself when it is, beyond doubt, what the schema (ServiceAccountListResponse, each item with
 * tokens) accepts and returns unchanged; otherwise null, and the caller runs the schema, which
 * decides and words any error exactly as before. So it may refuse what the schema accepts (it is then
 * only slower), never the reverse:
 * - every object has exactly the schema's keys (the schema drops unknown ones: not the same output);
 * - times are in the one form the server writes, `YYYY-MM-DDTHH:mm:ss.sssZ`, and name a real instant
 *   (they come back the same from Date), which the schema's date-time and its range accept;
 * - numbers, enums, strings, booleans and nulls as the schema says.
 * The property test in sync-page.test.ts holds it to that against the schema itself.
 */
export function fastSyncPage(json: unknown): ServiceAccountListResponse | null {
  if (!isObject(json) || !hasKeys(json, PAGE_KEYS, 'total')) return null;
  const { items, nextCursor, syncCursor, deleted, total } = json;
  if (!nullableString(nextCursor) || typeof syncCursor !== 'string') return null;
  if (!allOf(deleted, isString)) return null;
  if (total !== undefined && !(isInt(total) && total >= 0)) return null;
  if (!allOf(items, isAccount)) return null;
  return json as unknown as ServiceAccountListResponse;
}

/** The schema's keys, as the checks below check them (sync-page.test.ts holds them to the schema's). */
export const PAGE_KEYS = ['items', 'nextCursor', 'syncCursor', 'deleted', 'total'];
export const ACCOUNT_KEYS = [
  'id',
  'name',
  'description',
  'roles',
  'grants',
  'denies',
  'groups',
  'enabled',
  'basicAuthEnabled',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'tokenCount',
  'nextExpiry',
  'tokens',
];
export const TOKEN_KEYS = [
  'id',
  'name',
  'status',
  'expiresAt',
  'roles',
  'maxRps',
  'hint',
  'createdAt',
  'createdBy',
  'lastUsedAt',
  'lastUsedFrom',
  'replacedBy',
  'leak',
];
export const LEAK_KEYS = ['reportedAt', 'reportedBy', 'source', 'url'];
const ROLES: ReadonlySet<unknown> = new Set(ROLE_NAMES);
const PERMISSION_NAMES: ReadonlySet<unknown> = new Set(PERMISSIONS);
const TOKEN_STATUSES: ReadonlySet<unknown> = new Set(TokenStatus.options);
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exactly `keys` (`optional` may be absent), nothing else. */
function hasKeys(value: Obj, keys: readonly string[], optional?: string): boolean {
  let present = 0;
  for (const key of keys) {
    if (Object.hasOwn(value, key)) present += 1;
    else if (key !== optional) return false;
  }
  return Object.keys(value).length === present;
}

function isInt(value: unknown): value is number {
  return Number.isSafeInteger(value);
}
function nullableString(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ` naming a day and a time that exist: what the schema's date-time accepts
 * in this form (its range, years 0000–9999, holds every four-digit year). Read digit by digit: Date's
 * own parsing would cost more than the whole zod check it replaces.
 */
function isTime(value: unknown): boolean {
  if (typeof value !== 'string' || value.length !== 24 || !CANONICAL_TIME.test(value)) return false;
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    twoDigits(value, 11) <= 23 &&
    twoDigits(value, 14) <= 59 &&
    twoDigits(value, 17) <= 59
  );
}

// Helpers are top-level functions, not closures: a closure made on every call costs more than the check.
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function isRole(value: unknown): boolean {
  return ROLES.has(value);
}

function nullableTime(value: unknown): boolean {
  return value === null || isTime(value);
}

/** An array whose every element passes (holes included: `every` would skip them, the schema does not). */
function allOf(value: unknown, check: (element: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!check(value[i])) return false;
  return true;
}

function isRoles(value: unknown): boolean {
  return allOf(value, isRole);
}

function isPermission(value: unknown): boolean {
  return PERMISSION_NAMES.has(value);
}

function isAccount(item: unknown): boolean {
  if (!isObject(item) || !hasKeys(item, ACCOUNT_KEYS)) return false;
  const { tokens } = item;
  return (
    typeof item.id === 'string' &&
    typeof item.name === 'string' &&
    typeof item.description === 'string' &&
    isRoles(item.roles) &&
    allOf(item.grants, isPermission) &&
    allOf(item.denies, isPermission) &&
    allOf(item.groups, isString) &&
    typeof item.enabled === 'boolean' &&
    typeof item.basicAuthEnabled === 'boolean' &&
    isTime(item.createdAt) &&
    typeof item.createdBy === 'string' &&
    isTime(item.updatedAt) &&
    typeof item.updatedBy === 'string' &&
    isInt(item.tokenCount) &&
    item.tokenCount >= 0 &&
    nullableTime(item.nextExpiry) &&
    (tokens === null || allOf(tokens, isToken))
  );
}

function isToken(token: unknown): boolean {
  if (!isObject(token) || !hasKeys(token, TOKEN_KEYS, 'leak')) return false;
  return (
    typeof token.id === 'string' &&
    typeof token.name === 'string' &&
    TOKEN_STATUSES.has(token.status) &&
    nullableTime(token.expiresAt) &&
    isRoles(token.roles) &&
    (token.maxRps === null || (isInt(token.maxRps) && token.maxRps > 0)) &&
    typeof token.hint === 'string' &&
    isTime(token.createdAt) &&
    typeof token.createdBy === 'string' &&
    nullableTime(token.lastUsedAt) &&
    nullableString(token.lastUsedFrom) &&
    nullableString(token.replacedBy) &&
    (token.leak === undefined || token.leak === null || isLeak(token.leak))
  );
}

function isLeak(leak: unknown): boolean {
  if (!isObject(leak) || !hasKeys(leak, LEAK_KEYS)) return false;
  return (
    isTime(leak.reportedAt) &&
    typeof leak.reportedBy === 'string' &&
    nullableString(leak.source) &&
    nullableString(leak.url)
  );
}
