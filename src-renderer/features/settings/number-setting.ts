import { SettingsPatch } from '../../../src-shared/ipc/models.js';
import { firstMessage } from '../../lib/field-errors.js';
import type { SettingsChange } from './use-save-settings.js';

/**
 * A number setting as its field holds it: the patch to save, or why it can't be (`notANumber` for
 * empty or non-numeric text, else the schema's own words for the range).
 */
export function numberSetting(
  key: 'clipboardClearSeconds' | 'attentionUnusedDays',
  text: string,
  notANumber: string,
): { patch: SettingsChange | null; error: string | undefined } {
  const empty = text.trim() === '';
  const parsed = SettingsPatch.safeParse({ [key]: empty ? NaN : Number(text) });
  if (parsed.success) return { patch: parsed.data, error: undefined };
  return { patch: null, error: empty || Number.isNaN(Number(text)) ? notANumber : firstMessage(parsed.error) };
}
