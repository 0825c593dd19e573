import { useId } from 'react';
import { EXPIRY_PRESET_DAYS } from '../../../src-shared/api/tokens.js';
import { latestInput, NO_LIMITS, type ExpiryLimits } from '../../lib/expiry-policy.js';
import { expiryDate, formatExpiryDate, tomorrowInput, type ExpiryChoice } from '../../lib/token-form.js';
import { SelectField } from '../../components/SelectField.js';

export type ExpiryPickerProps = {
  value: ExpiryChoice;
  onChange: (value: ExpiryChoice) => void;
  now: number;
  error?: string | undefined;
  /** What the domain's token policy allows: longer choices are disabled, with the reason. */
  limits?: ExpiryLimits;
};

const CUSTOM = 'custom';

/** The presets, those beyond the cap disabled, and the cap itself when it is none of them. */
function durations(capDays: number | null) {
  const days = [
    ...EXPIRY_PRESET_DAYS,
    ...(capDays !== null && !EXPIRY_PRESET_DAYS.some((d) => d === capDays) ? [capDays] : []),
  ];
  return [
    ...days
      .sort((a, b) => a - b)
      .map((d) => ({
        value: String(d),
        label: `${d} day${d === 1 ? '' : 's'}${d === capDays ? ' (the most allowed)' : ''}`,
        disabled: capDays !== null && d > capDays,
      })),
    { value: CUSTOM, label: 'Custom date' },
  ];
}

/**
 * Seed 000's expiration: Unlimited (non-expiring) or Limited (time-bound, the default), where Limited
 * offers 7, 30 (default), 60 or 90 days or a date, and the resulting date shows in a blue box.
 */
export function ExpiryPicker({ value, onChange, now, error, limits = NO_LIMITS }: ExpiryPickerProps) {
  const kindName = useId();
  const dateId = useId();
  const errorId = useId();
  const limited = value.kind !== 'unlimited';
  const date = expiryDate(value, now);
  const unlimitedRefused = limits.unlimited;
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`}>
      <legend className="field__label">Expiration</legend>
      <div className="segmented">
        <label
          className={`segmented__item${limited ? '' : ' segmented__item--on'}${unlimitedRefused ? ' segmented__item--disabled' : ''}`}
          title={unlimitedRefused ?? undefined}
        >
          <input
            type="radio"
            name={kindName}
            checked={!limited}
            disabled={unlimitedRefused !== null}
            onChange={() => onChange({ kind: 'unlimited' })}
          />
          Unlimited
        </label>
        <label className={`segmented__item${limited ? ' segmented__item--on' : ''}`}>
          <input type="radio" name={kindName} checked={limited} onChange={() => onChange(limits.defaultChoice)} />
          Limited
        </label>
      </div>
      {unlimitedRefused ? <p className="field__hint">{unlimitedRefused}</p> : null}
      {limited ? (
        <div className="expiry-picker__limited">
          <SelectField
            label="Duration"
            value={value.kind === 'preset' ? String(value.days) : CUSTOM}
            onChange={(choice) =>
              onChange(choice === CUSTOM ? { kind: 'custom', date: '' } : { kind: 'preset', days: Number(choice) })
            }
            options={durations(limits.capDays)}
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
                max={latestInput(limits, now)}
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
