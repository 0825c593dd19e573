/**
 * Audit records say who changed what, never a secret. Nothing written to the audit trail today holds
 * one, but the before/after snapshots are plain objects and a later field could; this deny-list is
 * the guard that does not depend on every caller remembering.
 */
export const REDACTED = '[redacted]';

/** Keys whose value is a secret or could be one, whatever the resource. `tokenCount` and `hint` are fine. */
const SECRET_KEY =
  /secret|passw|passphrase|digest|hash|credential|private|api[-_]?key|authorization|cookie|session|^token$|^key$/i;

/** A TokenDesk token pasted into free text (a description, say): prefix, 30 random and 6 checksum characters. */
const TOKEN_TEXT = /tdk_(?:sa|pt)_[0-9A-Za-z]{36}/g;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of `value` with secret-like keys' values and token-shaped text replaced by REDACTED. */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_TEXT, REDACTED);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED : redactSecrets(inner);
    return out;
  }
  return value;
}
