import { useId } from 'react';
import { EXPIRY_PRESET_DAYS } from '../../../src-shared/api/tokens.js';
import {
  DEFAULT_EXPIRY,
  expiryDate,
  formatExpiryDate,
  tomorrowInput,
  type ExpiryChoice,
  type ExpiryPreset,
} from '../../lib/token-form.js';

export type ExpiryPickerProps = {
  value: ExpiryChoice;
  onChange: (value: ExpiryChoice) => void;
  now: number;
  error?: string | undefined;
};

const CUSTOM = 'custom';

/**
 * Seed 000's expiration: Unlimited (non-expiring) or Limited (time-bound, the default), where Limited
 * offers 7, 30 (default), 60 or 90 days or a date, and the resulting date shows in a blue box.
 */
export function ExpiryPicker({ value, onChange, now, error }: ExpiryPickerProps) {
  const durationId = useId();
  const dateId = useId();
  const errorId = useId();
  const limited = value.kind !== 'unlimited';
  const date = expiryDate(value, now);
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Expiration</legend>
      <div className="segmented">
        <label className={`segmented__item${limited ? '' : ' segmented__item--on'}`}>
          <input
            type="radio"
            name={`${durationId}-kind`}
            checked={!limited}
            onChange={() => onChange({ kind: 'unlimited' })}
          />
          Unlimited
        </label>
        <label className={`segmented__item${limited ? ' segmented__item--on' : ''}`}>
          <input type="radio" name={`${durationId}-kind`} checked={limited} onChange={() => onChange(DEFAULT_EXPIRY)} />
          Limited
        </label>
      </div>
      {limited ? (
        <div className="expiry-picker__limited">
          <div className="field">
            <label htmlFor={durationId} className="field__label field__label--sub">
              Duration
            </label>
            <select
              id={durationId}
              className="select"
              value={value.kind === 'preset' ? String(value.days) : CUSTOM}
              onChange={(event) =>
                onChange(
                  event.target.value === CUSTOM
                    ? { kind: 'custom', date: '' }
                    : { kind: 'preset', days: Number(event.target.value) as ExpiryPreset },
                )
              }
            >
              {EXPIRY_PRESET_DAYS.map((days) => (
                <option key={days} value={String(days)}>
                  {days} days
                </option>
              ))}
              <option value={CUSTOM}>Custom date</option>
            </select>
          </div>
          {value.kind === 'custom' ? (
            <div className="field">
              <label htmlFor={dateId} className="field__label field__label--sub">
                Expiration date
              </label>
              <input
                id={dateId}
                type="date"
                className="input"
                min={tomorrowInput(now)}
                value={value.date}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                onChange={(event) => onChange({ kind: 'custom', date: event.target.value })}
              />
            </div>
          ) : null}
        </div>
      ) : (
        <p className="field__hint">Non-expiring token: it works until it is suspended, rotated or deleted.</p>
      )}
      {date && date.getTime() > now ? (
        <p className="notice notice--info expiry-box" role="status">
          Expires on {formatExpiryDate(date)}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
