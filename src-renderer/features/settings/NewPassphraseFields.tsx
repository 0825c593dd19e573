import { useState } from 'react';
import { PASSPHRASE_MIN_LENGTH } from '../../../src-shared/ipc/lock.js';
import { TextField } from '../../components/TextField.js';

/** What the pair holds, and whether it may be sent: long enough, and typed the same twice. */
export function useNewPassphrase() {
  const [value, setValue] = useState('');
  const [again, setAgain] = useState('');
  const tooShort = value.length < PASSPHRASE_MIN_LENGTH;
  const mismatch = again !== value;
  return {
    value,
    again,
    setValue,
    setAgain,
    valid: !tooShort && !mismatch,
    errors: {
      value: tooShort ? `Use at least ${PASSPHRASE_MIN_LENGTH} characters.` : undefined,
      again: !tooShort && mismatch ? 'The two passphrases are not the same.' : undefined,
    },
    clear: () => {
      setValue('');
      setAgain('');
    },
  };
}

export type NewPassphraseFieldsProps = {
  passphrase: ReturnType<typeof useNewPassphrase>;
  /** The errors show once the user tried to save. */
  tried: boolean;
  label: string;
};

/**
 * A new passphrase, typed twice: a typo in the only key to the data would lock the user out of it,
 * so neither setting one nor changing it takes a passphrase typed once.
 */
export function NewPassphraseFields({ passphrase, tried, label }: NewPassphraseFieldsProps) {
  return (
    <>
      <TextField
        label={label}
        type="password"
        autoComplete="new-password"
        value={passphrase.value}
        onChange={passphrase.setValue}
        error={tried ? passphrase.errors.value : undefined}
        hint="A few unrelated words are easy to remember and hard to guess."
      />
      <TextField
        label={`Repeat the ${label.toLowerCase()}`}
        type="password"
        autoComplete="new-password"
        value={passphrase.again}
        onChange={passphrase.setAgain}
        error={tried ? passphrase.errors.again : undefined}
      />
    </>
  );
}
