import { appErrorOf } from '../bridge.js';
import { ErrorMessage } from './ErrorMessage.js';

export type MutationErrorProps = {
  /** A mutation (useMutation's result, or anything with its `error`). */
  mutation: { error: unknown };
  prefix: string;
};

/**
 * Where a dialog or a row says why its write failed, in main's or the server's words. The failure
 * (and whether it is still running: `isPending`) lives in the mutation, not in the dialog.
 */
export function MutationError({ mutation, prefix }: MutationErrorProps) {
  if (!mutation.error) return null;
  return <ErrorMessage error={appErrorOf(mutation.error)} prefix={prefix} />;
}
