import { TextField, type TextFieldProps } from './TextField.js';

export type NameFieldProps = Omit<TextFieldProps, 'label'> & { label?: string };

/**
 * A name to type (a token's, a member's, a group's): an identifier, so no autocomplete or spellcheck,
 * and no more than the shared rules' 64 characters.
 */
export function NameField({ label = 'Name', ...rest }: NameFieldProps) {
  return <TextField label={label} autoComplete="off" spellCheck={false} maxLength={64} {...rest} />;
}
