import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { request } from '../../bridge.js';
import { lockStatusQuery } from '../../data/queries.js';

const lockNow = () => void request((bridge) => bridge.lock.lock()).catch(() => undefined);

/**
 * "Lock" in the top bar, and Ctrl/Cmd+L anywhere, once a passphrase is set up. (In the Electron app
 * the menu item catches the keys first; this is the same request.) Main then reloads the window.
 */
export function LockButton() {
  const enabled = useQuery(lockStatusQuery()).data?.enabled ?? false;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        lockNow();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
  if (!enabled) return null;
  return (
    <button
      type="button"
      className="button button--small topbar__lock"
      title="Lock TokenDesk (Ctrl+L)"
      onClick={lockNow}
    >
      Lock
    </button>
  );
}
