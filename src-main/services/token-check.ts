import { ApiError, type ApiClient, type ApiTarget } from './api-client.js';
import { AppFailure, isCertificateCode } from './errors.js';

/**
 * Asks the server whether it takes a token before a connection is saved with it (Save in the
 * connection dialog, a new token or address for a saved one). A token the server rejects (401) is
 * refused and nothing is saved: a connection is saved only with a token that worked, or that could
 * not be checked because the server did not answer (it is then shown offline until it does).
 */
export async function refuseRejectedToken(api: ApiClient, target: ApiTarget, signal?: AbortSignal): Promise<void> {
  try {
    await api.call({ url: target.url, token: target.token, tls: target.tls }, 'getMe', { signal });
  } catch (error) {
    // A certificate the app does not trust is not "the server did not answer": nothing is saved, and
    // the dialog offers the certificate (or says the pinned key changed).
    if (error instanceof AppFailure && isCertificateCode(error.code)) throw error;
    if (!(error instanceof ApiError && error.status === 401)) return;
    throw new AppFailure(
      error.code,
      `The server rejected this token: ${error.message} Nothing was saved. Paste a valid token and save again.`,
      { status: 401, cause: error },
    );
  }
}
