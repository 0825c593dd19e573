import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CLIPBOARD_CLEAR_DEFAULT_SECONDS, SettingsPatch } from '../../../src-shared/ipc/models.js';
import type { AppError } from '../../../src-shared/errors.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TextField } from '../../components/TextField.js';
import { useAppStore } from '../../store/app-store.js';
import { StorageSection } from './StorageSection.js';

/**
 * App settings (main keeps them): how soon a copied secret is cleared from the clipboard; and, to
 * read, where tokens and cached data are kept on this computer.
 */
export function SettingsScreen() {
  const { settings, keyring, status, loadError, loadSettings, saveSettings } = useAppStore(
    useShallow((state) => ({
      settings: state.settings,
      keyring: state.appInfo?.keyring ?? null,
      status: state.settingsStatus,
      loadError: state.settingsError,
      loadSettings: state.loadSettings,
      saveSettings: state.saveSettings,
    })),
  );
  const [text, setText] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  const value = text ?? String(settings?.clipboardClearSeconds ?? CLIPBOARD_CLEAR_DEFAULT_SECONDS);
  const parsed = SettingsPatch.safeParse({ clipboardClearSeconds: value.trim() === '' ? NaN : Number(value) });
  const error = parsed.success
    ? undefined
    : Number.isNaN(Number(value)) || value.trim() === ''
      ? 'Enter a number of seconds between 5 and 600.'
      : parsed.error.issues[0]?.message;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!parsed.success || saving) return;
    setSaving(true);
    setSaved(false);
    setFailure(null);
    const result = await saveSettings(parsed.data);
    setSaving(false);
    if (result.ok) {
      setText(null);
      setSaved(true);
    } else setFailure(result.error);
  }

  return (
    <div className="screen settings">
      <div className="screen__header">
        <h1 className="screen__title">Settings</h1>
      </div>
      {status === 'error' && loadError ? <ErrorMessage error={loadError} prefix="Could not load settings:" /> : null}
      <section className="settings__section" aria-labelledby="settings-clipboard">
        <h2 id="settings-clipboard" className="settings__title">
          Clipboard
        </h2>
        <form className="form" noValidate aria-label="Clipboard settings" onSubmit={(e) => void onSubmit(e)}>
          <TextField
            label="Clear the clipboard after (seconds)"
            value={value}
            onChange={(next) => {
              setText(next);
              setSaved(false);
            }}
            error={error}
            hint={`When you copy a token, TokenDesk clears the clipboard after this many seconds, if it still holds the token. 5 to 600; the default is ${CLIPBOARD_CLEAR_DEFAULT_SECONDS}.`}
            type="number"
            inputMode="numeric"
            min={5}
            max={600}
            step={1}
            className="field--short"
            disabled={settings === null && status !== 'error'}
          />
          <p className="muted small">TokenDesk also clears a copied token from the clipboard when you quit.</p>
          {failure ? <ErrorMessage error={failure} prefix="Could not save:" /> : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={saving || error !== undefined}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            {saved ? (
              <span role="status" className="muted">
                Saved.
              </span>
            ) : null}
          </div>
        </form>
      </section>
      {keyring ? <StorageSection keyring={keyring} /> : null}
    </div>
  );
}
