import type { AppError, Result } from '../../src-shared/errors.js';
import type { Settings } from '../../src-shared/ipc/models.js';
import { call } from '../bridge.js';
import type { SliceCreator } from './app-state.js';
import type { LoadStatus } from './snapshot-slice.js';

/** App settings kept by main (not per connection). */
export type SettingsSlice = {
  settings: Settings | null;
  settingsStatus: LoadStatus;
  settingsError: AppError | null;
  loadSettings: () => Promise<void>;
  saveSettings: (patch: Partial<Settings>) => Promise<Result<Settings>>;
};

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  settings: null,
  settingsStatus: 'idle',
  settingsError: null,
  loadSettings: async () => {
    set({ settingsStatus: 'loading', settingsError: null });
    const result = await call((bridge) => bridge.settings.get());
    if (result.ok) set({ settings: result.value, settingsStatus: 'ready' });
    else set({ settingsStatus: 'error', settingsError: result.error });
  },
  saveSettings: async (patch) => {
    const result = await call((bridge) => bridge.settings.update(patch));
    if (result.ok) set({ settings: result.value, settingsStatus: 'ready' });
    return result;
  },
});
