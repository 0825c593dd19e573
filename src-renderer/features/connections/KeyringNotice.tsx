import { useId } from 'react';

export type KeyringNoticeProps = { backend: string; checked: boolean; onChange: (checked: boolean) => void };

/** Shown when the OS offers no secure keychain (e.g. Linux `basic_text`): memory only unless they opt in. */
export function KeyringNotice({ backend, checked, onChange }: KeyringNoticeProps) {
  const id = useId();
  return (
    <div className="notice notice--warn">
      <p>
        This computer has no secure keychain (backend: <code>{backend}</code>). The token will be kept in memory only,
        and you will need to enter it again after TokenDesk restarts — unless you store it on disk without keychain
        protection, where anyone who can read your files could use it.
      </p>
      <label className="checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
        Store on disk without keychain protection
      </label>
    </div>
  );
}
