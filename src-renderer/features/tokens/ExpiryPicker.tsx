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
import { SelectField } from '../../components/SelectField.js';

export type ExpiryPickerProps = {
  value: ExpiryChoice;
  onChange: (value: ExpiryChoice) => void;
  now: number;
  error?: string | undefined;
};

const CUSTOM = 'custom';
const DURATIONS = [
  ...EXPIRY_PRESET_DAYS.map((days) => ({ value: String(days), label: `${days} days` })),
  { value: CUSTOM, label: 'Custom date' },
];

/**
 * Seed 000's expiration: Unlimited (non-expiring) or Limited (time-bound, the default), where Limited
 * offers 7, 30 (default), 60 or 90 days or a date, and the resulting date shows in a blue box.
 */
export function ExpiryPicker({ value, onChange, now, error }: ExpiryPickerProps) {
  const kindName = useId();
  const dateId = useId();
  const errorId = useId();
  const limited = value.kind !== 'unlimited';
  const date = expiryDate(value, now);
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Expiration</legend>
      <div className="segmented">
        <label className={`segmented__item${limited ? '' : ' segmented__item--on'}`}>
          <input type="radio" name={kindName} checked={!limited} onChange={() => onChange({ kind: 'unlimited' })} />
          Unlimited
        </label>
        <label className={`segmented__item${limited ? ' segmented__item--on' : ''}`}>
          <input type="radio" name={kindName} checked={limited} onChange={() => onChange(DEFAULT_EXPIRY)} />
          Limited
        </label>
      </div>
      {limited ? (
        <div className="expiry-picker__limited">
          <SelectField
            label="Duration"
            value={value.kind === 'preset' ? String(value.days) : CUSTOM}
            onChange={(choice) =>
              onChange(
                choice === CUSTOM
                  ? { kind: 'custom', date: '' }
                  : { kind: 'preset', days: Number(choice) as ExpiryPreset },
              )
            }
            options={DURATIONS}
            className="field"
            labelClassName="field__label field__label--sub"
          />
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
