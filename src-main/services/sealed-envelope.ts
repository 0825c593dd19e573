import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The on-disk form of an encrypted cache file: `{ v, iv, tag, data }`, base64, AES-256-GCM with a
 * fresh 12-byte IV per write. The associated data binds the ciphertext to the file's name and format
 * version, so a file copied over another connection's cache, or read by a different format, fails
 * authentication instead of being read as the wrong thing.
 */
export const ENVELOPE_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealedEnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedEnvelopeError';
  }
}

function associatedData(label: string): Buffer {
  return Buffer.from(`tokendesk:${label}:v${ENVELOPE_VERSION}`, 'utf8');
}

export function seal(key: Buffer, plaintext: string, label: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(label));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  // Built by hand rather than with JSON.stringify: every part is base64, which needs no escaping,
  // and the ciphertext is the bulk of a large cache.
  return `{"v":${ENVELOPE_VERSION},"iv":"${iv.toString('base64')}","tag":"${cipher.getAuthTag().toString('base64')}","data":"${data.toString('base64')}"}`;
}

function field(envelope: Record<string, unknown>, name: string): Buffer {
  const value = envelope[name];
  if (typeof value !== 'string') throw new SealedEnvelopeError(`The "${name}" part of the file is missing.`);
  const bytes = Buffer.from(value, 'base64');
  // Node's base64 decoder skips characters it does not know, accepts the URL-safe alphabet and ignores
  // the spare bits of the last group, so several texts decode to the same bytes. Only the canonical
  // spelling is accepted: any changed character of the file is then an error, never the same data.
  // (A re-encode and compare is several times faster than a regular expression over a large cache.)
  if (bytes.toString('base64') !== value) throw new SealedEnvelopeError(`The "${name}" part of the file is damaged.`);
  return bytes;
}

export function unseal(key: Buffer, text: string, label: string): string {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new SealedEnvelopeError('The file is not an encrypted TokenDesk cache (not JSON).');
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    throw new SealedEnvelopeError('The file is not an encrypted TokenDesk cache.');
  }
  const record = envelope as Record<string, unknown>;
  if (record.v !== ENVELOPE_VERSION) throw new SealedEnvelopeError('The file was written in an unknown format.');
  const keys = Object.keys(record);
  if (keys.length !== 4) throw new SealedEnvelopeError('The file has parts a TokenDesk cache does not have.');
  const iv = field(record, 'iv');
  const tag = field(record, 'tag');
  const data = field(record, 'data');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealedEnvelopeError('The file is damaged.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(associatedData(label));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedEnvelopeError('The file failed its integrity check (damaged, or written with another key).');
  }
}
