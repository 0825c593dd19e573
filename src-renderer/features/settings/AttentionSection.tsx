import { useState, type FormEvent } from 'react';
import { ATTENTION_UNUSED_DEFAULT_DAYS } from '../../../src-shared/ipc/models.js';
import { attentionChanged } from '../../data/attention.js';
import { MutationError } from '../../components/MutationError.js';
import { TextField } from '../../components/TextField.js';
import { numberSetting } from './number-setting.js';
import { useSaveSettings } from './use-save-settings.js';

/** When the Attention view calls a token unused. */
export function AttentionSection({ value }: { value: number | null }) {
  const save = useSaveSettings();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? String(value ?? ATTENTION_UNUSED_DEFAULT_DAYS);
  const { patch, error } = numberSetting('attentionUnusedDays', shown, 'Enter a number of days between 7 and 3650.');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!patch || save.isPending) return;
    save.mutate(patch, {
      onSuccess: () => {
        setText(null);
        attentionChanged();
      },
    });
  }

  return (
    <section className="settings__section" aria-labelledby="settings-attention">
      <h2 id="settings-attention" className="settings__title">
        Attention
      </h2>
      <form className="form" noValidate aria-label="Attention settings" onSubmit={onSubmit}>
        <TextField
          label="Call a token unused after (days)"
          value={shown}
          onChange={setText}
          error={text === null ? undefined : error}
          hint={`The Attention view lists tokens nothing has used for longer. 7 to 3650; the default is ${ATTENTION_UNUSED_DEFAULT_DAYS}.`}
          type="number"
          inputMode="numeric"
          min={7}
          max={3650}
          step={1}
          className="field--short"
          disabled={value === null}
        />
        <MutationError mutation={save} prefix="Could not save:" />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={text === null || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save days'}
          </button>
        </div>
      </form>
    </section>
  );
}
