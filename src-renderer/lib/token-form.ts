import type { RoleName } from '../../src-shared/roles.js';
import { CreateTokenBody, DEFAULT_EXPIRY_DAYS } from '../../src-shared/api/tokens.js';
import { TokenName } from '../../src-shared/validation.js';
import { fieldErrors, valueError } from './field-errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A number of days from now: one of EXPIRY_PRESET_DAYS, or a policy's cap when it is none of them. */
export type ExpiryPreset = number;

/** The create dialog's expiration choice: Unlimited, or Limited by a preset or a date. */
export type ExpiryChoice =
  | { kind: 'unlimited' }
  | { kind: 'preset'; days: ExpiryPreset }
  /** `date` is the date input's value, YYYY-MM-DD (empty until picked). */
  | { kind: 'custom'; date: string };

export const DEFAULT_EXPIRY: ExpiryChoice = { kind: 'preset', days: DEFAULT_EXPIRY_DAYS };

export type TokenForm = {
  name: string;
  expiry: ExpiryChoice;
  roles: RoleName[];
  /** The number field's text: empty means no cap. */
  maxRps: string;
};

const TOKEN_FORM_FIELDS = ['name', 'expiry', 'roles', 'maxRps'] as const;

export type TokenFormErrors = Partial<Record<(typeof TOKEN_FORM_FIELDS)[number], string>>;

/**
 * When the chosen expiry falls: a preset counts from `now`; a custom date means the start of that day
 * in local time, so "tomorrow" is the earliest date that lies in the future. Null for Unlimited, and
 * undefined when no valid date has been picked yet.
 */
export function expiryDate(choice: ExpiryChoice, now: number): Date | null | undefined {
  if (choice.kind === 'unlimited') return null;
  if (choice.kind === 'preset') return new Date(now + choice.days * DAY_MS);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice.date);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The date input's `min`: tomorrow, local time. */
export function tomorrowInput(now: number): string {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function nameError(name: string, taken: readonly string[]): string | undefined {
  const problem = valueError(TokenName, name);
  if (problem !== undefined) return problem;
  if (taken.includes(name)) return 'This service account already has a token with that name.';
  return undefined;
}

export function parseMaxRps(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

/**
 * Checks the form with the shared CreateTokenBody schema (plus the rules the form adds: a date in the
 * future, at least one of the account's roles) and builds the request body when it is valid.
 */
export function checkTokenForm(
  form: TokenForm,
  context: { now: number; accountRoles: readonly RoleName[]; takenNames: readonly string[] },
): { body: CreateTokenBody; errors: null } | { body: null; errors: TokenFormErrors } {
  const errors: TokenFormErrors = {};
  const name = nameError(form.name, context.takenNames);
  if (name) errors.name = name;
  const expires = expiryDate(form.expiry, context.now);
  if (expires === undefined) errors.expiry = 'Pick the date the token expires.';
  else if (expires !== null && expires.getTime() <= context.now) errors.expiry = 'Pick a date in the future.';
  const roles = form.roles.filter((r) => context.accountRoles.includes(r));
  if (context.accountRoles.length > 0 && roles.length === 0) errors.roles = 'Choose at least one role.';
  const maxRps = parseMaxRps(form.maxRps);
  const candidate = {
    name: form.name,
    expiresAt: expires ? expires.toISOString() : null,
    ...(context.accountRoles.length > 0 ? { roles } : {}),
    maxRps,
  };
  const parsed = CreateTokenBody.safeParse(candidate);
  if (!parsed.success) {
    // The form's own checks above speak first; the schema fills in the fields they left alone.
    const fromSchema = fieldErrors(parsed.error.issues, TOKEN_FORM_FIELDS, { expiresAt: 'expiry' });
    if (fromSchema.maxRps !== undefined) fromSchema.maxRps = maxRpsMessage(fromSchema.maxRps, form.maxRps);
    for (const field of TOKEN_FORM_FIELDS) {
      const message = fromSchema[field];
      if (message !== undefined) errors[field] ??= message;
    }
  }
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return { body: candidate, errors: null };
}

/** zod says "expected number, received NaN" for text that is not a number; say it for people. */
export function maxRpsMessage(message: string, text: string): string {
  return Number.isNaN(Number(text.trim())) ? 'Enter a whole number, or leave it empty for no cap.' : message;
}

const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

/** "June 30, 2025 at 2:00 PM": the date in the create dialog's expiry notice. */
export function formatExpiryDate(date: Date): string {
  return longDate.format(date);
}
