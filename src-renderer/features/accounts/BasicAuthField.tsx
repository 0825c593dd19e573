import { useId } from 'react';
import { Switch } from '../../components/Switch.js';

export const BASIC_AUTH_HELP =
  'Lets the account authenticate with HTTP Basic, using a token’s name as the user and its secret as the password, for tools that cannot send a Bearer token.';

export type BasicAuthFieldProps = { checked: boolean; onChange: (checked: boolean) => void };

/** The Basic Auth switch of a service account, with what it lets the account do under it. */
export function BasicAuthField({ checked, onChange }: BasicAuthFieldProps) {
  const helpId = useId();
  return (
    <div className="field">
      <Switch checked={checked} onChange={onChange} label="Basic Auth" describedBy={helpId} />
      <p id={helpId} className="field__hint">
        {BASIC_AUTH_HELP}
      </p>
    </div>
  );
}
