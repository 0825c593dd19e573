import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SettingsPatch } from '../../../src-shared/ipc/models.js';
import { request } from '../../bridge.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';

export type SettingsChange = z.output<typeof SettingsPatch>;

/** Saves a change to the app's settings in main; the answer (all settings) replaces the cached ones. */
export function useSaveSettings() {
  return useMutation({
    mutationFn: (patch: SettingsChange) => request((bridge) => bridge.settings.update(patch)),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.settings, settings),
  });
}
