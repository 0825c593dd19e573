import { z } from 'zod';
import { ConnectionCredential, ConnectionInput, type ConnectionView } from '../../src-shared/ipc/models.js';
import { isSameServer, serverAddress } from '../../src-shared/ipc/server-address.js';
import { fieldErrors } from './field-errors.js';

/** What the connection dialog edits. Lives in component state only: `token` is a secret. */
export type ConnectionFormValues = {
  name: string;
  url: string;
  domain: string;
  token: string;
  /** A private CA (PEM) and a pinned server key: optional, empty when not set. */
  caCertificate: string;
  pinnedKey: string;
};

export type ConnectionField = 'name' | 'url' | 'domain' | 'token' | 'caCertificate' | 'pinnedKey';
export type FieldErrors = Partial<Record<ConnectionField, string>>;

export type ConnectionPatchInput = Partial<z.input<typeof ConnectionInput>>;

export type ValidatedForm =
  | { ok: true; mode: 'add'; input: ConnectionInput }
  | { ok: true; mode: 'edit'; patch: ConnectionPatchInput; keepsToken: boolean }
  | { ok: false; errors: FieldErrors };

export const DEFAULT_DOMAIN = 'default';

export function emptyForm(): ConnectionFormValues {
  return { name: '', url: '', domain: DEFAULT_DOMAIN, token: '', caCertificate: '', pinnedKey: '' };
}

/** Edit starts from the saved connection, with the token blank: blank means "keep the current one". */
export function formFromConnection(connection: ConnectionView): ConnectionFormValues {
  return {
    name: connection.name,
    url: connection.url,
    domain: connection.domain,
    token: '',
    caCertificate: connection.caCertificate ?? '',
    pinnedKey: connection.pinnedKey ?? '',
  };
}

/** The saved connection a form edits, as far as the form compares with it. */
export type SavedConnection = Pick<ConnectionView, 'url'> &
  Partial<Pick<ConnectionView, 'caCertificate' | 'pinnedKey'>>;

const TLS_FIELDS = ['caCertificate', 'pinnedKey'] as const;

/** The TLS settings an edit changes: a field left as saved is not sent; one emptied is sent empty (cleared). */
function tlsChanges(values: ConnectionFormValues, saved: SavedConnection): ConnectionPatchInput {
  const changes: ConnectionPatchInput = {};
  for (const field of TLS_FIELDS) {
    const value = values[field].trim();
    if (value !== (saved[field] ?? '')) changes[field] = value;
  }
  return changes;
}

/** Short: the token field's hint says why (ConnectionDialog). */
export const TOKEN_REQUIRED_MESSAGE = 'Enter the admin token for the new address.';

/**
 * Whether an edit points the connection at another server (main's rule, `isSameServer`): then the
 * saved token may not be kept. A URL that does not parse yet has its own message and asks nothing more.
 */
export function serverChanged(values: ConnectionFormValues, savedUrl: string): boolean {
  return serverAddress(values.url) !== null && !isSameServer(values.url, savedUrl);
}

// When editing, the token may be left blank; it is checked only if the user typed one.
const EditSchema = ConnectionInput.extend({
  token: z.union([z.literal(''), ConnectionCredential]),
});

/**
 * Validates with the shared ConnectionInput schema, so the messages are the ones main would give.
 * `saved` is the connection being edited; absent when adding one.
 */
export function validateConnectionForm(values: ConnectionFormValues, saved?: SavedConnection): ValidatedForm {
  const candidate = { ...values };
  if (saved === undefined) {
    const parsed = ConnectionInput.safeParse(candidate);
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues, CONNECTION_FIELDS) };
    return { ok: true, mode: 'add', input: toConnectionInput(values) };
  }
  const keepsToken = values.token.trim() === '';
  const parsed = EditSchema.safeParse(candidate);
  const errors = parsed.success ? {} : fieldErrors(parsed.error.issues, CONNECTION_FIELDS);
  if (keepsToken && serverChanged(values, saved.url)) errors.token ??= TOKEN_REQUIRED_MESSAGE;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const { token: _token, caCertificate: _ca, pinnedKey: _pin, ...rest } = toConnectionInput(values);
  const patch = { ...rest, ...tlsChanges(values, saved) };
  return { ok: true, mode: 'edit', patch: keepsToken ? patch : { ...patch, token: values.token.trim() }, keepsToken };
}

/** The values as sent: trimmed, as the schema would trim them anyway. */
export function toConnectionInput(values: ConnectionFormValues): ConnectionInput {
  const input: ConnectionInput = {
    name: values.name.trim(),
    url: values.url.trim(),
    domain: values.domain.trim(),
    token: values.token.trim(),
  };
  // Optional settings go only when set, so a plain connection sends what it always did.
  for (const field of TLS_FIELDS) {
    const value = values[field].trim();
    if (value !== '') input[field] = value;
  }
  return input;
}

/** The form's fields, in the order they stand (the first with a message takes focus). */
export const CONNECTION_FIELDS: readonly ConnectionField[] = [
  'name',
  'url',
  'domain',
  'token',
  'caCertificate',
  'pinnedKey',
];
