import type { UseMutationResult } from '@tanstack/react-query';
import type { z } from 'zod';
import { SYNC_EVERY_DEFAULT_MINUTES, type Settings, type SettingsPatch } from '../../../src-shared/ipc/models.js';
import { MutationError } from '../../components/MutationError.js';
import { SelectField } from '../../components/SelectField.js';

const CHOICES: readonly Settings['syncEveryMinutes'][] = [1, 5, 15, 30, 60, 'off'];

function labelOf(choice: Settings['syncEveryMinutes']): string {
  if (choice === 'off') return 'Off (only when I ask, or when the server is back)';
  const every = choice === 1 ? 'Every minute' : `Every ${choice} minutes`;
  return choice === SYNC_EVERY_DEFAULT_MINUTES ? `${every} (default)` : every;
}

export type SyncSectionProps = {
  value: Settings['syncEveryMinutes'] | null;
  save: UseMutationResult<Settings, Error, z.output<typeof SettingsPatch>>;
};

/** How often the connection shown is synced in the background; saved as soon as it is chosen. */
export function SyncSection({ value, save }: SyncSectionProps) {
  const current = value ?? SYNC_EVERY_DEFAULT_MINUTES;
  return (
    <section className="settings__section" aria-labelledby="settings-sync">
      <h2 id="settings-sync" className="settings__title">
        Background sync
      </h2>
      <SelectField
        label="Sync the connection shown"
        className="field"
        value={String(current)}
        options={CHOICES.map((choice) => ({ value: String(choice), label: labelOf(choice) }))}
        onChange={(chosen) => save.mutate({ syncEveryMinutes: chosen === 'off' ? 'off' : Number(chosen) })}
      >
        <p className="field__hint">
          TokenDesk also checks every 30 seconds that the server still answers, and when it stops, tries again by itself
          and syncs as soon as it is back.
        </p>
      </SelectField>
      <MutationError mutation={save} prefix="Could not save:" />
    </section>
  );
}
