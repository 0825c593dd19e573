import { meActor } from '../../../src-shared/api/me.js';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreateTokenBody } from '../../../src-shared/api/tokens.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { useMe, useOwnTokenId } from '../../data/connection-data.js';
import { useGrantReason } from '../accounts/use-account-access.js';
import { CreateTokenDialog } from './CreateTokenDialog.js';
import { DeleteTokenDialog } from './DeleteTokenDialog.js';
import { MaxRpsDialog } from './MaxRpsDialog.js';
import { ReactivateTokenDialog } from './ReactivateTokenDialog.js';
import { tokenPolicyView } from '../../lib/expiry-policy.js';
import { RevealDialog } from './RevealDialog.js';
import { RotateTokenDialog } from './RotateTokenDialog.js';
import { SecretLostDialog } from './SecretLostDialog.js';

/**
 * Which token dialog is open. `reveal` is the only place a secret is held in the renderer: React state
 * of the tab for as long as the reveal dialog is open; Done sets the flow back to null and with it the
 * last reference goes. (The create and rotate mutations hand the secret over and keep none: see
 * useSecretMutation; their dialogs have closed by then, and with them the mutations.)
 */
export type TokenFlow =
  | { kind: 'create' }
  | { kind: 'reveal'; token: TokenMeta; secret: string; reason: 'created' | 'rotated' }
  | { kind: 'lost'; tokenName: string; input: CreateTokenBody }
  | { kind: 'rotate'; token: TokenMeta }
  | { kind: 'delete'; token: TokenMeta }
  | { kind: 'maxRps'; token: TokenMeta }
  /** A suspended token whose expiry the domain's policy refuses: it comes back with a new one. */
  | { kind: 'reactivate'; token: TokenMeta; refusal: string };

export type TokenDialogsProps = {
  connectionId: string;
  flow: TokenFlow | null;
  onFlow: (flow: TokenFlow | null) => void;
  account: AccountRow;
  tokens: readonly TokenMeta[];
  blockedReason: string | null;
  /** The token the connection signs in with was rotated: main stored its new secret, nothing to reveal. */
  onRotatedOwn: (token: TokenMeta) => void;
};

export function TokenDialogs(props: TokenDialogsProps) {
  const { connectionId, flow, onFlow, account, tokens, blockedReason, onRotatedOwn } = props;
  const me = useMe();
  const ownTokenId = useOwnTokenId();
  const grantReason = useGrantReason();
  if (flow === null) return null;
  const close = () => onFlow(null);
  const scope = { connectionId, accountId: account.id };
  const revealCreated = (token: TokenMeta, secret: string) =>
    onFlow({ kind: 'reveal', token, secret, reason: 'created' });

  switch (flow.kind) {
    case 'create':
      return (
        <CreateTokenDialog
          {...scope}
          accountName={account.name}
          accountRoles={account.roles}
          accountOverrides={account}
          actor={me ? meActor(me) : undefined}
          takenNames={tokens.map((t) => t.name)}
          activeCount={tokens.filter((t) => t.status === 'ACTIVE' && t.replacedBy === null).length}
          blockedReason={blockedReason}
          onRevealed={revealCreated}
          onLost={(tokenName, input) => onFlow({ kind: 'lost', tokenName, input })}
          onClose={close}
        />
      );
    case 'reveal':
      return <RevealDialog secret={flow.secret} token={flow.token} reason={flow.reason} onDone={close} />;
    case 'lost':
      return (
        <SecretLostDialog
          {...scope}
          tokenName={flow.tokenName}
          input={flow.input}
          blockedReason={blockedReason}
          onRevealed={revealCreated}
          onKeep={close}
        />
      );
    case 'rotate':
      return (
        <RotateTokenDialog
          {...scope}
          token={flow.token}
          accountOverrides={account}
          blockedReason={blockedReason ?? grantReason(flow.token, account)}
          ownToken={flow.token.id === ownTokenId}
          onRevealed={(token, secret) => onFlow({ kind: 'reveal', token, secret, reason: 'rotated' })}
          onStored={(token) => {
            close();
            onRotatedOwn(token);
          }}
          onClose={close}
        />
      );
    case 'delete':
      return (
        <DeleteTokenDialog
          {...scope}
          token={flow.token}
          ownToken={flow.token.id === ownTokenId}
          blockedReason={blockedReason}
          onClose={close}
        />
      );
    case 'reactivate':
      return (
        <ReactivateTokenDialog
          {...scope}
          token={flow.token}
          policyToken={tokenPolicyView(flow.token, account)}
          refusal={flow.refusal}
          blockedReason={blockedReason ?? grantReason(flow.token, account)}
          onClose={close}
        />
      );
    case 'maxRps':
      return (
        <MaxRpsDialog
          {...scope}
          token={flow.token}
          blockedReason={blockedReason}
          grantReason={grantReason(flow.token, account)}
          onClose={close}
        />
      );
  }
}
