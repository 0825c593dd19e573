import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confStoreFactory } from './conf-store.js';
import { DEFAULT_SETTINGS, SettingsStore } from './settings.js';
import { tempDir } from './test-support/temp-dir.js';

/** The settings added after these tests were written, at their defaults. */
const LATER_DEFAULTS = {
  attentionUnusedDays: 90,
  notifications: { enabled: true, thresholdsDays: [7, 1], quietHours: null },
};

describe('SettingsStore', () => {
  let root: { path: string; cleanup: () => void };
  const open = () => new SettingsStore({ dataDir: root.path, factory: confStoreFactory });

  beforeEach(() => {
    root = tempDir('settings');
  });
  afterEach(() => root.cleanup());

  it('starts with the defaults (clear the clipboard after 30 s, sync every 5 min, follow the system theme) and writes nothing until changed', () => {
    expect(open().get()).toEqual({
      clipboardClearSeconds: 30,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    expect(DEFAULT_SETTINGS.clipboardClearSeconds).toBe(30);
    expect(readdirSync(root.path)).toEqual([]);
  });

  it('saves a change to settings.json (0600) and reads it back after a restart', () => {
    expect(open().update({ clipboardClearSeconds: 90 })).toEqual({
      clipboardClearSeconds: 90,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    expect(open().update({ syncEveryMinutes: 'off' })).toEqual({
      clipboardClearSeconds: 90,
      syncEveryMinutes: 'off',
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    expect(open().update({ theme: 'light' })).toEqual({
      clipboardClearSeconds: 90,
      syncEveryMinutes: 'off',
      theme: 'light',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    const path = join(root.path, 'settings.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      clipboardClearSeconds: 90,
      syncEveryMinutes: 'off',
      theme: 'light',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    expect(open().get()).toEqual({
      clipboardClearSeconds: 90,
      syncEveryMinutes: 'off',
      theme: 'light',
      keepass: null,
      ...LATER_DEFAULTS,
    });
  });

  it('an empty patch changes nothing; get hands out a copy', () => {
    const store = open();
    store.update({ clipboardClearSeconds: 12 });
    expect(store.update({})).toEqual({
      clipboardClearSeconds: 12,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    const copy = store.get();
    copy.clipboardClearSeconds = 1;
    expect(store.get().clipboardClearSeconds).toBe(12);
  });

  it('a damaged file is set aside and the defaults apply; an out-of-range value falls back alone', () => {
    writeFileSync(join(root.path, 'settings.json'), '{not json');
    expect(open().get()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(root.path).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true);

    writeFileSync(join(root.path, 'settings.json'), JSON.stringify({ clipboardClearSeconds: 1 }));
    expect(open().get()).toEqual(DEFAULT_SETTINGS);

    // A theme the app does not know falls back to System, and the valid setting beside it stays.
    writeFileSync(join(root.path, 'settings.json'), JSON.stringify({ clipboardClearSeconds: 40, theme: 'neon' }));
    expect(open().get()).toEqual({
      clipboardClearSeconds: 40,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
    writeFileSync(join(root.path, 'settings.json'), JSON.stringify({ clipboardClearSeconds: 60, syncEveryMinutes: 0 }));
    expect(open().get()).toEqual({
      clipboardClearSeconds: 60,
      syncEveryMinutes: 5,
      theme: 'system',
      keepass: null,
      ...LATER_DEFAULTS,
    });
  });
});
