import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { appErrorOf, request } from '../../bridge.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TextField } from '../../components/TextField.js';
import { useCountdown, waitOf, type Wait } from './use-countdown.js';

export type PassphraseFormProps = {
  /** The button's words: "Unlock", "Confirm". */
  action: string;
  /** Sends the proof; resolves when it was accepted. */
  send: (proof: { passphrase: string } | { touchId: true }) => Promise<unknown>;
  onDone: () => void;
  touchId?: boolean;
  /** Seconds to wait before the first try (wrong passphrases before the window was reloaded). */
  waitSeconds?: number;
  children?: ReactNode;
};

/**
 * A passphrase field and its button, for unlocking and for step-up alike. A wrong passphrase says
 * so and counts down the wait main imposes before the next try; the field keeps nothing afterwards.
 */
export function PassphraseForm({ action, send, onDone, touchId, waitSeconds = 0, children }: PassphraseFormProps) {
  const [passphrase, setPassphrase] = useState('');
  const field = useRef<HTMLInputElement>(null);
  // The one thing to do on this screen: the field has focus from the start, and again after a miss.
  useEffect(() => field.current?.focus(), []);
  // When the next try is allowed: set once per refusal, from the wait main gave.
  const [wait, setWait] = useState<Wait | null>(waitSeconds > 0 ? { seconds: waitSeconds, id: 0 } : null);
  const check = useMutation({
    gcTime: 0,
    mutationFn: (proof: { passphrase: string } | { touchId: true }) => send(proof),
    onSuccess: () => {
      setPassphrase('');
      onDone();
    },
    onError: (refusal) => {
      setWait((previous) => waitOf(appErrorOf(refusal), previous));
      setPassphrase('');
      field.current?.focus();
    },
  });
  const error = check.error ? appErrorOf(check.error) : null;
  const left = useCountdown(wait);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (passphrase === '' || left > 0 || check.isPending) return;
    check.mutate({ passphrase });
  }

  return (
    <form className="form passphrase-form" noValidate onSubmit={onSubmit} aria-label={action}>
      {children}
      <TextField
        label="Passphrase"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={setPassphrase}
        data-autofocus
        inputRef={field}
      />
      {error && error.code !== 'try_later' && error.code !== 'wrong_passphrase' ? <ErrorMessage error={error} /> : null}
      {error && (error.code === 'wrong_passphrase' || error.code === 'try_later') ? (
        <p className="error-message" role="alert" data-code={error.code}>
          {error.code === 'wrong_passphrase' ? 'That passphrase is not right.' : 'Too many wrong passphrases.'}
          {left > 0 ? ` Try again in ${left} s.` : ' Try again.'}
        </p>
      ) : null}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={passphrase === '' || left > 0 || check.isPending}
        >
          {check.isPending ? 'Checking…' : action}
        </button>
        {touchId ? (
          <button
            type="button"
            className="button"
            disabled={check.isPending}
            onClick={() => check.mutate({ touchId: true })}
          >
            Use Touch ID
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The lock's bridge calls as promises (a refused one rejects with main's error). */
export const lockCalls = {
  unlock: (proof: { passphrase: string } | { touchId: true }) => request((bridge) => bridge.lock.unlock(proof)),
  stepUp: (proof: { passphrase: string } | { touchId: true }) => request((bridge) => bridge.lock.stepUp(proof)),
};
