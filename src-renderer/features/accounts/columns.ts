/** The account grid's columns; the CSS grid template in screens.css follows this order. */
export const ACCOUNT_COLUMNS = [
  'Select',
  'Name',
  'Description',
  'Roles',
  'Status',
  'Tokens',
  'Next expiry',
  'Actions',
] as const;

/** Columns whose header is for screen readers only (the icons say what they are). */
export const HIDDEN_HEADERS: readonly string[] = ['Select', 'Actions'];

/** Fixed row height: the virtualizer positions rows by index, so every row must be exactly this tall. */
export const ROW_HEIGHT = 52;
