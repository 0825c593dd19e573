/** The account grid's columns; the CSS grid template in screens.css follows this order. */
export const ACCOUNT_COLUMNS = ['Name', 'Description', 'Roles', 'Status', 'Tokens', 'Next expiry'] as const;

/** Fixed row height: the virtualizer positions rows by index, so every row must be exactly this tall. */
export const ROW_HEIGHT = 52;
