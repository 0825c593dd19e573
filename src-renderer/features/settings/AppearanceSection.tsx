import { useState } from 'react';
import type { Theme } from '../../../src-shared/ipc/models.js';
import { MutationError } from '../../components/MutationError.js';
import { useSaveSettings } from './use-save-settings.js';

const CHOICES: readonly { theme: Theme; label: string }[] = [
  { theme: 'system', label: 'System' },
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' },
];

export type AppearanceSectionProps = {
  /** The saved theme; null while the settings load. */
  theme: Theme | null;
};

/** The theme: as the operating system is set, or always light or dark. A choice applies and is saved at once. */
export function AppearanceSection({ theme }: AppearanceSectionProps) {
  const save = useSaveSettings();
  // The choice shows the moment it is made, until main answers: React sets a controlled radio back to its
  // value at the end of the click, and the mutation's own pending state arrives a task later, so reading
  // it alone let a click look undone on a busy page. A refusal shows the saved theme again.
  const [picked, setPicked] = useState<Theme | null>(null);
  const shown = picked ?? theme;
  return (
    <section className="settings__section" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance" className="settings__title">
        Appearance
      </h2>
      <fieldset className="fieldset" aria-describedby="settings-theme-hint">
        <legend className="field__label">Theme</legend>
        <div className="segmented">
          {CHOICES.map((choice) => (
            <label
              key={choice.theme}
              className={`segmented__item${shown === choice.theme ? ' segmented__item--on' : ''}`}
            >
              <input
                type="radio"
                name="theme"
                value={choice.theme}
                checked={shown === choice.theme}
                disabled={theme === null}
                onChange={() => {
                  setPicked(choice.theme);
                  save.mutate({ theme: choice.theme }, { onSettled: () => setPicked(null) });
                }}
              />
              {choice.label}
            </label>
          ))}
        </div>
        <p id="settings-theme-hint" className="field__hint">
          System follows your computer’s light or dark setting.
        </p>
      </fieldset>
      <MutationError mutation={save} prefix="Could not save:" />
    </section>
  );
}
