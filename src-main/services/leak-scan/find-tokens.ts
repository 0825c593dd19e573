import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { checkToken, tokenHint, type TokenKind } from '../../../src-shared/token-format.js';

/**
 * Finds TokenDesk tokens in text. The secret never leaves this file: a sighting carries its place,
 * kind, hint and SHA-256 digest, which is all the server lookup needs.
 */

/** Where a valid token was seen, and what identifies it without being it. */
export interface TokenSighting {
  /** 1-based. */
  line: number;
  /** 1-based, in bytes from the start of the line (see scanText). */
  column: number;
  kind: TokenKind;
  /** Prefix and last four characters, as the app shows a token everywhere else. */
  hint: string;
  /** SHA-256 of the exact token text, 64 lower-case hex digits. */
  digest: string;
}

export interface TokenSink {
  /** A valid token; answer false to stop the scan (the findings cap). */
  token(sighting: TokenSighting): boolean;
  /** Something shaped like a token whose checksum is wrong: a typo, a fake, or a corrupted copy. */
  badChecksum(): void;
}

export type TextScanEnd = 'done' | 'stopped' | 'aborted';

/**
 * A token with nothing of a longer identifier on either side: `xtdk_sa_…` or `tdk_sa_…(37 chars)` is
 * some other string that happens to contain one. Sticky, so it is tried only where `tdk_` was found.
 */
const TOKEN_AT = /(?<![0-9A-Za-z_])tdk_(?:sa|pt)_[0-9A-Za-z]{36}(?![0-9A-Za-z_])/y;

/**
 * Text is searched in slices of this many characters, with a turn of the event loop between two, so an
 * abort reaches a scan of a large file (maxFileBytes can be raised well above the 1 MiB default).
 * A file under this size is searched in one go, with no turn.
 */
export const SLICE_CHARS = 256 * 1024;

/**
 * Reports every token in `text`, in order.
 *
 * The caller decodes files as latin1, one character per byte, on purpose: tokens are ASCII, and the
 * bytes of a multi-byte UTF-8 character are all 0x80 or above, so no decoding can make or hide a
 * token, while latin1 never fails or substitutes, keeps V8's compact one-byte strings, and makes
 * columns byte offsets, the way `git grep --column` and `rg --column` count them.
 */
export async function scanText(text: string, sink: TokenSink, signal?: AbortSignal): Promise<TextScanEnd> {
  const place = new LineCounter(text);
  for (let sliceStart = 0; sliceStart < text.length; sliceStart += SLICE_CHARS) {
    if (sliceStart > 0) {
      await nextTurn();
      if (signal?.aborted) return 'aborted';
    }
    const sliceEnd = Math.min(sliceStart + SLICE_CHARS, text.length);
    // A token may start in this slice and end in the next: the match reads on into the whole text.
    for (let at = text.indexOf('tdk_', sliceStart); at !== -1 && at < sliceEnd; at = text.indexOf('tdk_', at + 1)) {
      TOKEN_AT.lastIndex = at;
      if (!TOKEN_AT.test(text)) continue;
      const token = text.slice(at, TOKEN_AT.lastIndex);
      const check = checkToken(token);
      if (!check.ok) {
        // The shape already matched, so this is a checksum that does not.
        if (check.reason === 'checksum') sink.badChecksum();
        continue;
      }
      const { line, column } = place.at(at);
      const sighting = { line, column, kind: check.kind, hint: tokenHint(token), digest: sha256Hex(token) };
      if (!sink.token(sighting)) return 'stopped';
    }
  }
  return 'done';
}

function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'latin1').digest('hex');
}

/** Line and column of increasing offsets, finding each newline once over the whole text. */
class LineCounter {
  private line = 1;
  private lineStart = 0;
  /** The first newline not yet passed, or -1 when there is none. */
  private nextNewline: number;

  constructor(private readonly text: string) {
    this.nextNewline = text.indexOf('\n');
  }

  at(offset: number): { line: number; column: number } {
    while (this.nextNewline !== -1 && this.nextNewline < offset) {
      this.line++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.text.indexOf('\n', this.lineStart);
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}
