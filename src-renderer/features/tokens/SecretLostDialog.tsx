import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreateTokenBody } from '../../../src-shared/api/tokens.js';
import { appErrorOf } from '../../bridge.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { useRecreateToken } from './token-mutations.js';

export type SecretLostDialogProps = {
  connectionId: string;
  accountId: string;
  tokenName: string;
  /** What the token was made with: it is made again with the same. */
  input: CreateTokenBody;
  blockedReason: string | null;
  /** The new token's secret, for the reveal dialog (and nowhere else). */
  onRevealed: (token: TokenMeta, secret: string) => void;
  onKeep: () => void;
};

/**
 * The server made the token but its answer never arrived, and a replay never returns a secret: the
 * only way to a usable secret is to delete this token and make a new one.
 */
export function SecretLostDialog(props: SecretLostDialogProps) {
  const { connectionId, accountId, tokenName, input, blockedReason, onRevealed, onKeep } = props;
  const recreate = useRecreateToken(connectionId, accountId, ({ secret, answer }) => onRevealed(answer.token, secret));
  // Lost again: this dialog still says what is true.
  const lostAgain = recreate.error !== null && appErrorOf(recreate.error).code === 'secret_lost';

  return (
    <Dialog title="The token’s secret was lost" size="small" onClose={onKeep}>
      <div className="notice notice--warn" role="alert">
        <p>
          The token “{tokenName}” was created, but its secret can&apos;t be shown because the server&apos;s answer was
          lost.
        </p>
      </div>
      <p className="muted">
        Without the secret the token cannot be used. Revoke it and create a new one now, or keep it and delete it later.
      </p>
      {lostAgain ? null : <MutationError mutation={recreate} prefix="Could not recreate it:" />}
      <FormActions
        label="Revoke it and create a new one"
        busyLabel="Recreating…"
        busy={recreate.isPending}
        blockedReason={blockedReason}
        onAct={() => recreate.mutate({ ...input, name: tokenName })}
        cancelLabel="Keep it"
        onCancel={onKeep}
      />
    </Dialog>
  );
}
