import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key did not open the data: a wrong passphrase, another key, or damaged bytes. */
export class UnwrapError extends Error {
  constructor() {
    super('The key did not open the data.');
    this.name = 'UnwrapError';
  }
}

/**
 * Bytes sealed with AES-256-GCM as `iv.tag.data` (base64 parts), bound to a label. Unlike
 * sealed-envelope.ts (text, for the cache files) this takes and gives Buffers, so a key that is
 * wrapped or unwrapped never exists as a JS string, which could not be zero-filled.
 */
export function wrapBytes(key: Buffer, plain: Buffer, label: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`tokendesk:${label}`, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64')).join('.');
}

export function unwrapBytes(key: Buffer, wrapped: string, label: string): Buffer {
  const parts = wrapped.split('.').map((part) => Buffer.from(part, 'base64'));
  const [iv, tag, data] = parts;
  if (parts.length !== 3 || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !data) throw new UnwrapError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(`tokendesk:${label}`, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new UnwrapError();
  }
}
