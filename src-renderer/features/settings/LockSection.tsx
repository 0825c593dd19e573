import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LOCK_IDLE_CHOICES, type LockSettings, type LockStatus } from '../../../src-shared/ipc/lock.js';
import { request } from '../../bridge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { MutationError } from '../../components/MutationError.js';
import { SelectField } from '../../components/SelectField.js';
import { Switch } from '../../components/Switch.js';
import { TextField } from '../../components/TextField.js';
import { lockStatusQuery } from '../../data/queries.js';
import { NewPassphraseFields, useNewPassphrase } from './NewPassphraseFields.js';
import { queryClient } from '../../data/query-client.js';
import { queryKeys } from '../../data/query-keys.js';

export const FORGOTTEN_PASSPHRASE =
  'If you forget the passphrase, TokenDesk cannot open its saved data: you will have to remove its local data and add your connections again.';

const STEP_UP_CHOICES = [0, 1, 5, 15, 60] as const;

const showStatus = (status: LockStatus) => queryClient.setQueryData(queryKeys.lockStatus, status);

/** Settings → Lock: set a passphrase, or, once there is one, when the app locks and how it unlocks. */
export function LockSection() {
  const status = useQuery(lockStatusQuery()).data ?? null;
  return (
    <section className="settings__section" aria-labelledby="settings-lock">
      <h2 id="settings-lock" className="settings__title">
        Lock
      </h2>
      {status === null ? null : status.enabled && status.settings ? (
        <LockOn status={status} settings={status.settings} />
      ) : (
        <LockSetUp />
      )}
    </section>
  );
}

/** The passphrase twice, and the plain warning before anything is set. */
function LockSetUp() {
  const passphrase = useNewPassphrase();
  const [tried, setTried] = useState(false);
  const setUp = useMutation({
    mutationFn: (value: string) => request((bridge) => bridge.lock.setUp({ passphrase: value })),
    onSuccess: showStatus,
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!passphrase.valid || setUp.isPending) return;
    setUp.mutate(passphrase.value);
  }

  return (
    <form className="form" noValidate aria-label="Set a passphrase" onSubmit={onSubmit}>
      <p>
        With a passphrase, TokenDesk locks itself when you step away: after a while without use, when the screen locks,
        or when you press Ctrl+L. While it is locked nobody can see or use your connections, and the data on disk opens
        only with the passphrase.
      </p>
      <p className="notice notice--info">{FORGOTTEN_PASSPHRASE}</p>
      <NewPassphraseFields passphrase={passphrase} tried={tried} label="Passphrase" />
      <MutationError mutation={setUp} prefix="Could not set the passphrase:" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={setUp.isPending}>
          {setUp.isPending ? 'Setting up…' : 'Turn on the lock'}
        </button>
      </div>
    </form>
  );
}

type LockOnProps = { status: LockStatus; settings: LockSettings };

function LockOn({ status, settings }: LockOnProps) {
  const configure = useMutation({
    mutationFn: (patch: Partial<LockSettings>) => request((bridge) => bridge.lock.configure(patch)),
    onSuccess: showStatus,
  });
  const [turningOff, setTurningOff] = useState(false);
  const idle = settings.idleMinutes === null ? 'never' : String(settings.idleMinutes);
  return (
    <div className="form">
      <p>The lock is on. TokenDesk asks for your passphrase to open your connections and tokens.</p>
      <SelectField
        label="Lock after this long without keyboard or mouse input"
        className="field"
        value={idle}
        options={[
          ...LOCK_IDLE_CHOICES.map((m) => ({ value: String(m), label: m === 1 ? '1 minute' : `${m} minutes` })),
          { value: 'never', label: 'Never' },
        ]}
        onChange={(chosen) => configure.mutate({ idleMinutes: chosen === 'never' ? null : Number(chosen) })}
      />
      <SelectField
        label="Ask again before Admin-level actions after"
        className="field"
        value={String(settings.stepUpMinutes)}
        options={STEP_UP_CHOICES.map((m) => ({
          value: String(m),
          label: m === 0 ? 'Every time' : m === 1 ? '1 minute' : `${m} minutes`,
        }))}
        onChange={(chosen) => configure.mutate({ stepUpMinutes: Number(chosen) })}
      >
        <p className="field__hint">
          Creating or rotating an Admin-level token, and adding a connection, ask for the passphrase again once this
          long has passed since you last entered it.
        </p>
      </SelectField>
      <Switch
        checked={settings.lockOnStart}
        onChange={(on) => configure.mutate({ lockOnStart: on })}
        label="Ask for the passphrase when TokenDesk starts"
        disabled={!status.keychainSecure && settings.lockOnStart}
        title={
          status.keychainSecure
            ? undefined
            : 'Without a system keychain, only the passphrase can open your data, so TokenDesk always asks for it.'
        }
      />
      {!settings.lockOnStart ? (
        <p className="muted small">
          Off: the system keychain keeps a copy of the key, so your data on disk is as safe as without a lock.
        </p>
      ) : null}
      {status.touchIdAvailable ? (
        <>
          <Switch
            checked={settings.touchId}
            onChange={(on) => configure.mutate({ touchId: on })}
            label="Unlock with Touch ID"
          />
          <p className="muted small">Touch ID is as strong as the system keychain, not as your passphrase.</p>
        </>
      ) : null}
      <MutationError mutation={configure} prefix="Could not save:" />
      <ChangePassphrase />
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void request((bridge) => bridge.lock.lock())}>
          Lock now
        </button>
        <button type="button" className="button button--danger" onClick={() => setTurningOff(true)}>
          Turn off the lock
        </button>
      </div>
      {turningOff ? <TurnOff onClose={() => setTurningOff(false)} /> : null}
    </div>
  );
}

function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const next = useNewPassphrase();
  const [tried, setTried] = useState(false);
  const change = useMutation({
    mutationFn: () => request((bridge) => bridge.lock.changePassphrase({ current, next: next.value })),
    onSuccess: () => {
      setCurrent('');
      next.clear();
      setTried(false);
    },
  });
  return (
    <form
      className="form lock-change"
      noValidate
      aria-label="Change the passphrase"
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (next.valid && current !== '' && !change.isPending) change.mutate();
      }}
    >
      <h3 className="settings__subtitle">Change the passphrase</h3>
      <TextField
        label="Current passphrase"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
      />
      <NewPassphraseFields passphrase={next} tried={tried} label="New passphrase" />
      <MutationError mutation={change} prefix="Could not change it:" />
      <div className="form__actions">
        <button type="submit" className="button" disabled={change.isPending}>
          Change passphrase
        </button>
        {change.isSuccess ? (
          <span role="status" className="muted">
            Changed.
          </span>
        ) : null}
      </div>
    </form>
  );
}

function TurnOff({ onClose }: { onClose: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const disable = useMutation({
    mutationFn: () => request((bridge) => bridge.lock.disable({ passphrase })),
    onSuccess: (status) => {
      showStatus(status);
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title="Turn off the lock?"
      description="Your connections and cached data will then be protected by the system keychain only, as without a lock."
      confirmLabel="Turn off"
      busyLabel="Turning off…"
      mutation={disable}
      errorPrefix="Could not turn it off:"
      blockedReason={passphrase === '' ? 'Enter your passphrase first.' : null}
      local
      onConfirm={() => disable.mutate()}
      onClose={onClose}
    >
      <TextField
        label="Passphrase"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={setPassphrase}
      />
    </ConfirmDialog>
  );
}
