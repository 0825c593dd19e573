import type { SavedTo } from '../../src-shared/ipc/password-managers.js';

/**
 * The reveal id main gave each new secret, by the new token's id, for Save to…; and where that token
 * was saved before (after a rotate). Ids and entry titles only: the secret stays in the reveal
 * dialog. Filled where the answer arrives (secret-mutation.ts), emptied when the dialog closes.
 */
const byTokenId = new Map<string, { revealId: string; savedTo: SavedTo | null }>();

export function noteReveal(tokenId: string, reveal: { revealId: string; savedTo: SavedTo | null }): void {
  byTokenId.set(tokenId, { revealId: reveal.revealId, savedTo: reveal.savedTo });
}

export function revealOf(tokenId: string): { revealId: string; savedTo: SavedTo | null } | null {
  return byTokenId.get(tokenId) ?? null;
}

export function forgetReveal(tokenId: string): void {
  byTokenId.delete(tokenId);
}

const closing = new Map<string, number>();

/**
 * The reveal dialog closed: main is told to drop the secret. Deferred by a tick, so React's
 * development double mount (unmount, mount again at once) does not close a reveal still on screen.
 */
export function closeRevealSoon(tokenId: string, revealId: string, close: (revealId: string) => void): void {
  closing.set(
    revealId,
    window.setTimeout(() => {
      closing.delete(revealId);
      forgetReveal(tokenId);
      close(revealId);
    }, 0),
  );
}

/** The dialog is (still) on screen: a close asked for a moment ago is called off. */
export function keepReveal(revealId: string): void {
  const timer = closing.get(revealId);
  if (timer !== undefined) window.clearTimeout(timer);
  closing.delete(revealId);
}
