/** An OS notification: Electron's `Notification` in the app, a recording stand-in in tests. */
export interface Notifier {
  notify(message: { title: string; body: string }): void;
}

export class RecordingNotifier implements Notifier {
  readonly sent: { title: string; body: string }[] = [];

  notify(message: { title: string; body: string }): void {
    this.sent.push(message);
  }
}

/**
 * What the app notifies through: while it is locked a notification says only that something needs
 * attention, since the screen it shows on may be a locked desk's, read by anyone walking past.
 */
export function lockAwareNotifier(notifier: Notifier, isLocked: () => boolean): Notifier {
  return {
    notify(message) {
      notifier.notify(
        isLocked()
          ? { title: 'TokenDesk', body: 'Something needs your attention. Unlock TokenDesk to see it.' }
          : message,
      );
    },
  };
}
