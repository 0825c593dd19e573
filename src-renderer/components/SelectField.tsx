import { useId, type ReactNode } from 'react';

/** `disabled`: offered but not choosable (say why near the field). */
export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** The frame's classes: an inline filter by default. */
  className?: string;
  labelClassName?: string;
  selectClassName?: string;
  title?: string | undefined;
  /** Under the select, inside the frame (what the choice stands for). */
  children?: ReactNode;
};

/** A label and a select of plain options, wired together. */
export function SelectField(props: SelectFieldProps) {
  const { label, value, onChange, options, className = 'field field--inline', children } = props;
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={props.labelClassName ?? 'field__label'}>
        {label}
      </label>
      <select
        id={id}
        className={props.selectClassName ?? 'select'}
        value={value}
        title={props.title}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}
