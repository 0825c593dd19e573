/**
 * The only thing the renderer keeps in localStorage: the id of the last used connection, so the
 * app reopens on it. Names, URLs and everything else come from main.
 */
const KEY = 'tokendesk.lastConnectionId';

export function readLastConnectionId(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null; // storage can be unavailable (e.g. a locked-down profile); just start on the first one
  }
}

export function rememberLastConnectionId(id: string): void {
  try {
    window.localStorage.setItem(KEY, id);
  } catch {
    // not remembering is harmless
  }
}

export function forgetLastConnectionId(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
