import { isAscii } from 'node:buffer';
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

/**
 * As `seal`, for a plaintext given in parts and an envelope written in parts: neither the plaintext
 * nor the envelope is ever held whole (a large cache's text, its bytes, its ciphertext and their
 * base64 would be several copies of the cache at once). `write(text)` appends; `write(text, at)`
 * writes at a position already written, which is how the tag, known only at the end, replaces the
 * placeholder it was given. The result is exactly what `seal` writes. Returns the envelope's id (see
 * `envelopeId`) and its length.
 */
export function sealParts(
  key: Buffer,
  parts: Iterable<string>,
  label: string,
  write: (text: string, at?: number) => void,
): { id: string; bytes: number } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(label));
  const id = iv.toString('base64');
  const head = `{"v":${ENVELOPE_VERSION},"iv":"${id}","tag":"`;
  const tagAt = head.length;
  const tagLength = Buffer.alloc(TAG_BYTES).toString('base64').length;
  const open = `${head}${'A'.repeat(tagLength)}","data":"`;
  write(open);
  let bytes = open.length;
  // Base64 in groups of 3 bytes: what does not fill a group waits for the next part.
  let carry: Buffer = Buffer.alloc(0);
  const emit = (data: Buffer): void => {
    const all = carry.length > 0 ? Buffer.concat([carry, data]) : data;
    const whole = all.length - (all.length % 3);
    carry = Buffer.from(all.subarray(whole));
    if (whole === 0) return;
    const text = all.subarray(0, whole).toString('base64');
    write(text);
    bytes += text.length;
  };
  for (const part of parts) emit(cipher.update(part, 'utf8'));
  emit(cipher.final());
  const close = `${carry.toString('base64')}"}`;
  write(close);
  write(cipher.getAuthTag().toString('base64'), tagAt);
  return { id, bytes: bytes + close.length };
}

/** Base64 text to bytes; only the canonical spelling is accepted. */
function decodeBase64(value: string, name: string): Buffer {
  const bytes = Buffer.from(value, 'base64');
  // Node's base64 decoder skips characters it does not know, accepts the URL-safe alphabet and ignores
  // the spare bits of the last group, so several texts decode to the same bytes. Only the canonical
  // spelling is accepted: any changed character of the file is then an error, never the same data.
  // Checked without re-encoding the whole text (a fifth of a cold load): a skipped or misplaced
  // character shortens the output, so the length must be exactly what the text's length says; the
  // URL-safe characters are looked for with two native scans; and the last group, the only one with
  // spare bits or padding, is re-encoded on its own.
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  const canonical =
    value.length % 4 === 0 &&
    bytes.length === (value.length / 4) * 3 - padding &&
    !value.includes('-') &&
    !value.includes('_') &&
    (bytes.length === 0 ||
      bytes.subarray(Math.floor((bytes.length - 1) / 3) * 3).toString('base64') === value.slice(-4));
  if (!canonical) throw new SealedEnvelopeError(`The "${name}" part of the file is damaged.`);
  return bytes;
}

/**
 * The head of the envelope exactly as `seal` writes it. The file is read with this rather than
 * JSON.parse: the envelope is always written by `seal`, and JSON.parse would copy the whole
 * ciphertext text of a large cache (tens of milliseconds) only to hand it back unchanged.
 */
const HEAD = /^\{"v":(\d+),"iv":"([^"]*)","tag":"([^"]*)","data":"/;
const TAIL = '"}';

/**
 * What tells one sealed text from every other: its IV, fresh for every `seal`. The journal binds its
 * records to the base file they follow by it. Null when the text is not an envelope.
 */
export function envelopeId(text: string): string | null {
  return HEAD.exec(text.slice(0, 200))?.[2] ?? null;
}

export function unseal(key: Buffer, text: string, label: string): string {
  if (!text.startsWith('{')) throw new SealedEnvelopeError('The file is not an encrypted TokenDesk cache (not JSON).');
  const head = HEAD.exec(text.slice(0, 200));
  if (!head || !text.endsWith(TAIL)) throw new SealedEnvelopeError('The file is not an encrypted TokenDesk cache.');
  if (head[1] !== String(ENVELOPE_VERSION)) throw new SealedEnvelopeError('The file was written in an unknown format.');
  const iv = decodeBase64(head[2]!, 'iv');
  const tag = decodeBase64(head[3]!, 'tag');
  const data = decodeBase64(text.slice(head[0].length, text.length - TAIL.length), 'data');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealedEnvelopeError('The file is damaged.');
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(associatedData(label));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new SealedEnvelopeError('The file failed its integrity check (damaged, or written with another key).');
  }
  // ASCII (what SealedFileStore writes) reads the same as Latin-1, which decodes without the
  // UTF-8 validation pass: several times faster on a large cache. Anything else is read as UTF-8.
  return isAscii(plaintext) ? plaintext.toString('latin1') : plaintext.toString('utf8');
}
