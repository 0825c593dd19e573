/**
 * TokenDesk token format: `tdk_sa_` or `tdk_pt_`, 30 base62 characters of randomness, then a
 * 6-character base62 CRC-32 checksum of everything before it. The checksum lets a secret scanner
 * recognise a TokenDesk token offline and lets the server reject typos before any lookup.
 */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const TOKEN_PREFIXES = { serviceAccount: 'tdk_sa_', personal: 'tdk_pt_' } as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;
export const RANDOM_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = 7 + RANDOM_LENGTH + CHECKSUM_LENGTH;
export const TOKEN_PATTERN = /^tdk_(sa|pt)_[0-9A-Za-z]{36}$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), identical to `zlib.crc32`, over the ASCII text. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Base62, most significant digit first, left-padded with `0` to `width`. */
export function toBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  do {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

export function checksumOf(body: string): string {
  return toBase62(crc32(body), CHECKSUM_LENGTH);
}

/** Random part from a CSPRNG, by rejection sampling so every base62 digit is equally likely. */
export function randomBase62(length: number): string {
  let out = '';
  const buf = new Uint8Array(length * 2);
  while (out.length < length) {
    globalThis.crypto.getRandomValues(buf);
    for (const byte of buf) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function generateToken(kind: TokenKind): string {
  const body = TOKEN_PREFIXES[kind] + randomBase62(RANDOM_LENGTH);
  return body + checksumOf(body);
}

export type TokenCheck = { ok: true; kind: TokenKind } | { ok: false; reason: 'malformed' | 'checksum' };

/** Checks shape and checksum without any lookup. */
export function checkToken(token: string): TokenCheck {
  if (token.length !== TOKEN_LENGTH || !TOKEN_PATTERN.test(token)) {
    return { ok: false, reason: 'malformed' };
  }
  const body = token.slice(0, -CHECKSUM_LENGTH);
  if (checksumOf(body) !== token.slice(-CHECKSUM_LENGTH)) return { ok: false, reason: 'checksum' };
  return { ok: true, kind: token.startsWith(TOKEN_PREFIXES.personal) ? 'personal' : 'serviceAccount' };
}

/** The non-secret hint shown in lists: prefix and last four characters. */
export function tokenHint(token: string): string {
  return `${token.slice(0, 7)}…${token.slice(-4)}`;
}

/** What stands in for a secret cut out of text. */
export const REDACTED_TEXT = '[redacted]';

/**
 * What a secret can look like inside a URL or a message, raw or percent-encoded. Replacements never
 * add a quote or a backslash, and the opaque-run rule never starts right after a backslash, so
 * redacting a JSON log line leaves it valid JSON.
 */
const SECRET_TEXT: readonly [RegExp, string][] = [
  // A TokenDesk token, whole or cut short, the underscores maybe percent-encoded.
  [/tdk(?:_|%5f)(?:sa|pt)(?:_|%5f)[0-9a-z]+/gi, REDACTED_TEXT],
  // A credential with its scheme, as a header value pasted into a URL or a message ("Basic Auth" is
  // not one: real credentials are longer).
  [/\b(Bearer|Basic)(?:\s|%20|\+)+[A-Za-z0-9._~+/=%-]{8,}/gi, `$1 ${REDACTED_TEXT}`],
  // The value of a query parameter whose name says it holds a credential.
  [
    /([?&;](?:access[_-]?token|id[_-]?token|token|secret|client[_-]?secret|api[_-]?key|key|password|passwd|pwd|auth|authorization|bearer|signature|sig)=)[^&#\s"\\]*/gi,
    `$1${REDACTED_TEXT}`,
  ],
  // A long opaque run of letters and digits mixing cases and digits: a bearer secret of another kind
  // (API keys, JWT parts, a token without its prefix). Ids (`sa_` + 20) and names are shorter or plainer.
  [
    /(?<![A-Za-z0-9\\])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{32,}(?![A-Za-z0-9])/g,
    REDACTED_TEXT,
  ],
];

/**
 * Cuts anything that looks like a secret out of text that is logged or stored: request paths and URLs
 * (the request log, `--log` output, 5xx reports) and messages that echo them. The one redaction for
 * all of those; a client that put its token in a URL must not find it in a log.
 */
export function redactSecretText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}
