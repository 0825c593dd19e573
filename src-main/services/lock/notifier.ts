/** What a notification says, and what clicking it does. */
export interface NotifierMessage {
  title: string;
  body: string;
  onClick?: () => void;
}

/** An OS notification: Electron's `Notification` in the app, a recording stand-in in tests. */
export interface Notifier {
  notify(message: NotifierMessage): void;
}

export class RecordingNotifier implements Notifier {
  readonly sent: NotifierMessage[] = [];

  notify(message: NotifierMessage): void {
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
          ? {
              title: 'TokenDesk',
              body: 'Something needs your attention. Unlock TokenDesk to see it.',
              ...(message.onClick ? { onClick: message.onClick } : {}),
            }
          : message,
      );
    },
  };
}
