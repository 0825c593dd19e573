import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { Revealed } from '../../data/secret-mutation.js';
import { RotateDialog } from '../tokens/RotateTokenDialog.js';
import { useRotatePersonalToken } from './personal-token-mutations.js';
import { useMe } from '../../data/connection-data.js';
import { personalPolicyToken } from '../../lib/expiry-policy.js';

export type RotatePersonalTokenDialogProps = {
  connectionId: string;
  token: TokenMeta;
  /** The token the connection itself uses: its new secret is stored by main and never shown. */
  ownToken: boolean;
  /** Another token's new secret, for the reveal dialog (and nowhere else). */
  onRevealed: (revealed: Revealed<{ token: TokenMeta; previous: TokenMeta; secret: string }>) => void;
  /** The own token was rotated: nothing to reveal, the app carries on with the new secret. */
  onStored: (token: TokenMeta) => void;
  onClose: () => void;
};

export function RotatePersonalTokenDialog(props: RotatePersonalTokenDialogProps) {
  const { connectionId, token, ownToken, onRevealed, onStored, onClose } = props;
  const rotate = useRotatePersonalToken(connectionId, onRevealed);
  const me = useMe();
  return (
    <RotateDialog
      token={token}
      policyToken={personalPolicyToken(me)}
      what="expiry"
      blockedReason={null}
      mutation={rotate}
      ownToken={ownToken}
      onStored={onStored}
      onClose={onClose}
    />
  );
}
