import type { z } from 'zod';
import {
  ATTENTION_UNUSED_DEFAULT_DAYS,
  CLIPBOARD_CLEAR_DEFAULT_SECONDS,
  Settings,
  SYNC_EVERY_DEFAULT_MINUTES,
  type SettingsPatch,
} from '../../src-shared/ipc/models.js';
import type { KeepassPlace } from '../../src-shared/ipc/password-managers.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from './notifications/notice-plan.js';
import { openConfFile, type ConfLike, type StoreFactory } from './conf-store.js';

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: CLIPBOARD_CLEAR_DEFAULT_SECONDS,
  syncEveryMinutes: SYNC_EVERY_DEFAULT_MINUTES,
  theme: 'system',
  keepass: null,
  attentionUnusedDays: ATTENTION_UNUSED_DEFAULT_DAYS,
  notifications: DEFAULT_NOTIFICATION_SETTINGS,
};

export type SettingsChanges = z.output<typeof SettingsPatch>;

/** Each setting checked on its own: one bad or missing value falls back to its default, not all of them. */
function parseSettings(record: Record<string, unknown>): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(Settings.shape) as (keyof Settings)[]) {
    const parsed = Settings.shape[key].safeParse(record[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  // Each key holds its default or a value its own schema accepted.
  return out as Settings;
}

/**
 * App settings in `<dataDir>/settings.json`, kept by conf (electron-store in the app): atomic writes,
 * 0600. Nothing secret lives here. A file that cannot be read is set aside and the defaults apply.
 */
export class SettingsStore {
  readonly #conf: ConfLike<Record<string, unknown>>;
  readonly #onChange: (settings: Settings) => void;
  #settings: Settings;

  /** `onChange` hears every saved change (main applies the theme to the window with it). */
  constructor(options: {
    dataDir: string;
    factory: StoreFactory;
    now?: () => Date;
    onChange?: (settings: Settings) => void;
  }) {
    this.#onChange = options.onChange ?? (() => undefined);
    const file = openConfFile({
      factory: options.factory,
      dir: options.dataDir,
      name: 'settings',
      now: options.now,
      parse: parseSettings,
    });
    this.#conf = file.conf;
    this.#settings = file.value ?? { ...DEFAULT_SETTINGS };
  }

  get(): Settings {
    return { ...this.#settings };
  }

  /** Save to… KeePass remembers the database and group, so the next save offers them again. */
  rememberKeepass(place: KeepassPlace): void {
    if (this.#settings.keepass?.file === place.file && this.#settings.keepass.group === place.group) return;
    this.#save({ ...this.#settings, keepass: place });
  }

  /** The patch was parsed by the IPC schema (`SettingsPatch`); it is applied and saved. */
  update(patch: SettingsChanges): Settings {
    const next: Settings = { ...this.#settings };
    if (patch.clipboardClearSeconds !== undefined) next.clipboardClearSeconds = patch.clipboardClearSeconds;
    if (patch.syncEveryMinutes !== undefined) next.syncEveryMinutes = patch.syncEveryMinutes;
    if (patch.theme !== undefined) next.theme = patch.theme;
    if (patch.attentionUnusedDays !== undefined) next.attentionUnusedDays = patch.attentionUnusedDays;
    if (patch.notifications !== undefined) next.notifications = patch.notifications;
    this.#save(next);
    return this.get();
  }

  #save(next: Settings): void {
    this.#conf.set(next);
    this.#settings = next;
    this.#onChange(this.get());
  }
}
