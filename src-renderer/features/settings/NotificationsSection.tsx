import { useState, type FormEvent } from 'react';
import { NOTICE_THRESHOLD_CHOICES, NotificationSettings, type Settings } from '../../../src-shared/ipc/models.js';
import { MutationError } from '../../components/MutationError.js';
import { Switch } from '../../components/Switch.js';
import { TextField } from '../../components/TextField.js';
import { firstMessage } from '../../lib/field-errors.js';
import { useSaveSettings } from './use-save-settings.js';

const DEFAULT_QUIET = { from: '22:00', to: '07:00' };

/**
 * OS notifications for tokens about to expire or revoked as leaked: on or off, at which thresholds,
 * and quiet hours, when they wait. Each change is saved as it is made; the quiet hours with their button.
 */
export function NotificationsSection({ value }: { value: Settings['notifications'] | null }) {
  const save = useSaveSettings();
  const current = value ?? { enabled: true, thresholdsDays: [7, 1], quietHours: null };
  const [quiet, setQuiet] = useState<{ from: string; to: string } | null>(null);
  const shownQuiet = quiet ?? current.quietHours ?? DEFAULT_QUIET;
  const change = (patch: Partial<Settings['notifications']>) =>
    save.mutate({ notifications: { ...current, ...patch } });

  const parsed = NotificationSettings.shape.quietHours.safeParse(shownQuiet);
  const quietError = parsed.success ? undefined : firstMessage(parsed.error);
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!parsed.success || save.isPending) return;
    save.mutate({ notifications: { ...current, quietHours: shownQuiet } }, { onSuccess: () => setQuiet(null) });
  }

  return (
    <section className="settings__section" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications" className="settings__title">
        Notifications
      </h2>
      <Switch
        checked={current.enabled}
        onChange={(enabled) => change({ enabled })}
        label="Notify me when a token is about to expire or was revoked as leaked"
        disabled={value === null}
      />
      <fieldset className="fieldset" disabled={!current.enabled || value === null}>
        <legend className="field__label">Notify when a token has this long left</legend>
        <div className="settings__checks">
          {NOTICE_THRESHOLD_CHOICES.map((days) => (
            <label key={days} className="checkbox">
              <input
                type="checkbox"
                checked={current.thresholdsDays.includes(days)}
                onChange={(event) =>
                  change({
                    thresholdsDays: event.target.checked
                      ? [...current.thresholdsDays, days].sort((a, b) => b - a)
                      : current.thresholdsDays.filter((d) => d !== days),
                  })
                }
              />
              {days === 1 ? '1 day' : `${days} days`}
            </label>
          ))}
        </div>
        <p className="field__hint">
          Each token is notified once per choice; many at once make one notification. It works from the data on this
          computer, so offline too.
        </p>
      </fieldset>
      <form className="form" noValidate aria-label="Quiet hours" onSubmit={onSubmit}>
        <Switch
          checked={current.quietHours !== null}
          onChange={(on) => change({ quietHours: on ? shownQuiet : null })}
          label="Quiet hours: hold notifications until they end"
          disabled={!current.enabled || value === null}
        />
        {current.quietHours !== null ? (
          <div className="settings__times">
            <TextField
              label="From"
              type="time"
              value={shownQuiet.from}
              onChange={(from) => setQuiet({ ...shownQuiet, from })}
              className="field--short"
              error={quietError}
            />
            <TextField
              label="To"
              type="time"
              value={shownQuiet.to}
              onChange={(to) => setQuiet({ ...shownQuiet, to })}
              className="field--short"
            />
            <button type="submit" className="button" disabled={quiet === null || save.isPending}>
              Save quiet hours
            </button>
          </div>
        ) : null}
      </form>
      <MutationError mutation={save} prefix="Could not save:" />
    </section>
  );
}
