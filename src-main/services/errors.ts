import type { AppError, ErrorCode } from '../../src-shared/errors.js';

/**
 * An error the app reports to the renderer as it is: a code from src-shared/errors.ts and a message in
 * plain words. Anything else that is thrown is reported as `internal` without its text, since its text
 * may hold a path, a stack or worse.
 */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { status?: number; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppFailure';
    this.code = code;
    this.status = options.status;
    this.details = options.details;
  }
}

/**
 * The failures in which no answer came back (the server could not be reached, or did not answer in
 * time): offline for a read, and for a write "it may or may not have happened".
 */
const NO_ANSWER_CODES: ReadonlySet<string> = new Set<ErrorCode>(['network_unreachable', 'timeout']);

/** Whether an error code (AppError.code) is one of the failures in which no answer came back. */
export function isNoAnswerCode(code: string): boolean {
  return NO_ANSWER_CODES.has(code);
}

/** Whether a thrown value is a failure in which no answer came back. */
export function gotNoAnswer(error: unknown): error is AppFailure {
  return error instanceof AppFailure && isNoAnswerCode(error.code);
}

const CERTIFICATE_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'certificate_untrusted',
  'certificate_changed',
  'certificate_invalid',
]);

/**
 * Whether an error code is a refused TLS handshake (net/tls-guard.ts): nothing was sent, and it is
 * neither "no answer" (not retried, not saved anyway) nor an answer from the server.
 */
export function isCertificateCode(code: string): boolean {
  return CERTIFICATE_CODES.has(code);
}

const INTERNAL_MESSAGE = 'Something went wrong inside TokenDesk. Try again; if it keeps happening, restart the app.';

/** Anything that looks like a TokenDesk token or a bearer credential is cut out of a message. */
const SECRET_PATTERNS = [/tdk_(?:sa|pt)_[0-9A-Za-z]+/g, /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (match) => `${match.slice(0, 7)}…[hidden]`);
  return out;
}

/** The IPC-safe form of any thrown value: never a stack, never a secret. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) {
    const out: AppError = { code: error.code, message: redactSecrets(error.message) };
    if (error.status !== undefined) out.status = error.status;
    if (error.details !== undefined) out.details = error.details;
    return out;
  }
  return { code: 'internal', message: INTERNAL_MESSAGE };
}
