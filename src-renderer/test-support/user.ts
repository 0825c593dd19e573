import userEvent from '@testing-library/user-event';

/** The user of one test: clicks, keys and typing as the browser delivers them (`userEvent.setup()`). */
export type User = ReturnType<typeof userEvent.setup>;

/** A user for one test; call it before the test renders, as user-event asks. */
export function setupUser(): User {
  return userEvent.setup();
}

/**
 * Replaces what a field holds with `value`, as a user who clears it and types would. `{` and `[`
 * are user-event's key syntax, so they are typed as themselves.
 */
export async function fill(user: User, field: HTMLElement, value: string): Promise<void> {
  await user.clear(field);
  if (value !== '') await user.type(field, value.replace(/[{[]/g, '$&$&'));
}
