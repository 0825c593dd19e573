/**
 * The Electron adapters behind the lock's interfaces: power events and idle time (powerMonitor),
 * Touch ID (systemPreferences) and notifications (Notification).
 */
import type { Notification as ElectronNotification, PowerMonitor, SystemPreferences } from 'electron';
import type { LockTrigger, PowerEvents } from '../services/lock/power-events.js';
import type { UserPresence } from '../services/lock/presence.js';
import type { Notifier } from '../services/lock/notifier.js';

export function createElectronPowerEvents(
  powerMonitor: Pick<PowerMonitor, 'on' | 'off' | 'getSystemIdleTime'>,
): PowerEvents {
  return {
    onLockTrigger(listener) {
      const onLockScreen = () => listener('lock-screen' satisfies LockTrigger);
      const onSuspend = () => listener('suspend' satisfies LockTrigger);
      powerMonitor.on('lock-screen', onLockScreen);
      powerMonitor.on('suspend', onSuspend);
      return () => {
        powerMonitor.off('lock-screen', onLockScreen);
        powerMonitor.off('suspend', onSuspend);
      };
    },
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    onResume(listener) {
      powerMonitor.on('resume', listener);
      return () => powerMonitor.off('resume', listener);
    },
  };
}

/** Touch ID where macOS offers it; elsewhere never available. */
export function createElectronPresence(
  systemPreferences: Pick<SystemPreferences, 'canPromptTouchID' | 'promptTouchID'>,
  platform: string,
): UserPresence {
  const supported = () => platform === 'darwin' && systemPreferences.canPromptTouchID();
  return {
    available: () => Promise.resolve(supported()),
    async confirm(reason) {
      if (!supported()) return false;
      try {
        await systemPreferences.promptTouchID(reason);
        return true;
      } catch {
        // Cancelled, failed or locked out: the passphrase still works.
        return false;
      }
    },
  };
}

export function createElectronNotifier(NotificationClass: typeof ElectronNotification): Notifier {
  // Held until closed or clicked: a notification collected meanwhile would drop its click handler.
  const shown = new Set<ElectronNotification>();
  return {
    notify({ title, body, onClick }) {
      if (!NotificationClass.isSupported()) return;
      const notification = new NotificationClass({ title, body, silent: false });
      shown.add(notification);
      notification.on('close', () => shown.delete(notification));
      notification.on('click', () => {
        shown.delete(notification);
        onClick?.();
      });
      notification.show();
    },
  };
}
