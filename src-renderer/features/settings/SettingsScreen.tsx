import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CLIPBOARD_CLEAR_DEFAULT_SECONDS } from '../../../src-shared/ipc/models.js';
import { appErrorOf } from '../../bridge.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { MutationError } from '../../components/MutationError.js';
import { TextField } from '../../components/TextField.js';
import { useTouched } from '../../components/use-touched.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { numberSetting } from './number-setting.js';
import { appInfoQuery, settingsQuery } from '../../data/queries.js';
import { AppearanceSection } from './AppearanceSection.js';
import { AttentionSection } from './AttentionSection.js';
import { NotificationsSection } from './NotificationsSection.js';
import { LockSection } from './LockSection.js';
import { PolicySection } from './PolicySection.js';
import { StorageSection } from './StorageSection.js';
import { SyncSection } from './SyncSection.js';
import { useSaveSettings } from './use-save-settings.js';

/**
 * App settings (main keeps them): how soon a copied secret is cleared from the clipboard, how often
 * the connection shown is synced in the background, the theme; and, to read, where tokens and cached
 * data are kept on this computer.
 */
export function SettingsScreen() {
  const read = useQuery(settingsQuery());
  const settings = read.data ?? null;
  const keyring = useQuery(appInfoQuery()).data?.keyring ?? null;
  const save = useSaveSettings();
  const saveSync = useSaveSettings();
  const [text, setText] = useState<string | null>(null);
  // The error shows once the field was changed and left, or after a try to save (useTouched).
  const touch = useTouched<'clipboardClearSeconds'>();

  const value = text ?? String(settings?.clipboardClearSeconds ?? CLIPBOARD_CLEAR_DEFAULT_SECONDS);
  const { patch, error } = numberSetting(
    'clipboardClearSeconds',
    value,
    'Enter a number of seconds between 5 and 600.',
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (!patch || save.isPending) return;
    save.mutate(patch, { onSuccess: () => setText(null) });
  }
  // "Saved." until the value is edited again.
  const saved = save.isSuccess && text === null;

  return (
    <div className="screen settings">
      <ScreenHeader title="Settings" />
      {read.error ? <ErrorMessage error={appErrorOf(read.error)} prefix="Could not load settings:" /> : null}
      <section className="settings__section" aria-labelledby="settings-clipboard">
        <h2 id="settings-clipboard" className="settings__title">
          Clipboard
        </h2>
        <form className="form" noValidate aria-label="Clipboard settings" onSubmit={onSubmit}>
          <TextField
            label="Clear the clipboard after (seconds)"
            value={value}
            onChange={(next) => {
              setText(next);
              touch.change('clipboardClearSeconds');
            }}
            onBlur={touch.blurOf('clipboardClearSeconds')}
            error={touch.shows('clipboardClearSeconds') ? error : undefined}
            hint={`When you copy a token, TokenDesk clears the clipboard after this many seconds, if it still holds the token. 5 to 600; the default is ${CLIPBOARD_CLEAR_DEFAULT_SECONDS}.`}
            type="number"
            inputMode="numeric"
            min={5}
            max={600}
            step={1}
            className="field--short"
            disabled={settings === null && !read.error}
          />
          <p className="muted small">TokenDesk also clears a copied token from the clipboard when you quit.</p>
          <MutationError mutation={save} prefix="Could not save:" />
          <div className="form__actions">
            {/* On while the value is wrong: a try to save is what shows the error. */}
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
            {saved ? (
              <span role="status" className="muted">
                Saved.
              </span>
            ) : null}
          </div>
        </form>
      </section>
      <SyncSection value={settings?.syncEveryMinutes ?? null} save={saveSync} />
      <AppearanceSection theme={settings?.theme ?? null} />
      <NotificationsSection value={settings?.notifications ?? null} />
      <AttentionSection value={settings?.attentionUnusedDays ?? null} />
      <LockSection />
      <PolicySection />
      {keyring ? <StorageSection keyring={keyring} /> : null}
    </div>
  );
}
