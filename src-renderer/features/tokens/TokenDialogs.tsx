import type { TokenMeta } from '../../../src-shared/api/models.js';
import type { CreateTokenBody } from '../../../src-shared/api/tokens.js';
import type { AppError } from '../../../src-shared/errors.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { useAppStore } from '../../store/app-store.js';
import { useGrantReason } from '../accounts/use-account-access.js';
import { CreateTokenDialog } from './CreateTokenDialog.js';
import { DeleteTokenDialog } from './DeleteTokenDialog.js';
import { MaxRpsDialog } from './MaxRpsDialog.js';
import { RevealDialog } from './RevealDialog.js';
import { RotateTokenDialog } from './RotateTokenDialog.js';
import { SecretLostDialog } from './SecretLostDialog.js';
import { createToken, lostToken, rotateToken } from './token-calls.js';

/**
 * Which token dialog is open. `reveal` is the only place a secret is held in the renderer: React state
 * of the tab for as long as the reveal dialog is open; Done sets the flow back to null and with it the
 * last reference goes.
 */
export type TokenFlow =
  | { kind: 'create' }
  | { kind: 'reveal'; token: TokenMeta; secret: string; reason: 'created' | 'rotated' }
  | { kind: 'lost'; tokenName: string; input: CreateTokenBody }
  | { kind: 'rotate'; token: TokenMeta }
  | { kind: 'delete'; token: TokenMeta }
  | { kind: 'maxRps'; token: TokenMeta };

export type TokenDialogsProps = {
  flow: TokenFlow | null;
  onFlow: (flow: TokenFlow | null) => void;
  account: AccountRow;
  tokens: readonly TokenMeta[];
  blockedReason: string | null;
};

export function TokenDialogs({ flow, onFlow, account, tokens, blockedReason }: TokenDialogsProps) {
  const removeToken = useAppStore((state) => state.removeToken);
  const me = useAppStore((state) => state.snapshot?.me);
  const grantReason = useGrantReason();
  if (flow === null) return null;
  const close = () => onFlow(null);

  /** Create, then reveal; a lost answer opens the lost-secret dialog instead. Errors go back to the form. */
  async function generate(input: CreateTokenBody): Promise<AppError | null> {
    const result = await createToken(account.id, input);
    if (result.ok) {
      onFlow({ kind: 'reveal', token: result.value.token, secret: result.value.secret, reason: 'created' });
      return null;
    }
    if (result.error.code === 'secret_lost') {
      onFlow({ kind: 'lost', tokenName: lostToken(result.error)?.name ?? input.name, input });
      return null;
    }
    return result.error;
  }

  switch (flow.kind) {
    case 'create':
      return (
        <CreateTokenDialog
          accountName={account.name}
          accountRoles={account.roles}
          actor={me}
          takenNames={tokens.map((t) => t.name)}
          blockedReason={blockedReason}
          onGenerate={generate}
          onClose={close}
        />
      );
    case 'reveal':
      return <RevealDialog secret={flow.secret} token={flow.token} reason={flow.reason} onDone={close} />;
    case 'lost':
      return (
        <SecretLostDialog
          tokenName={flow.tokenName}
          blockedReason={blockedReason}
          onKeep={close}
          onRecreate={async () => {
            const removed = await removeToken(account.id, flow.tokenName);
            // Already gone is fine: the aim is a token of that name with a secret we can show.
            if (!removed.ok && removed.error.code !== 'not_found') return removed.error;
            return generate({ ...flow.input, name: flow.tokenName });
          }}
        />
      );
    case 'rotate':
      return (
        <RotateTokenDialog
          token={flow.token}
          blockedReason={blockedReason ?? grantReason(flow.token)}
          onClose={close}
          onRotate={async (graceSeconds) => {
            const result = await rotateToken(account.id, flow.token.name, graceSeconds);
            if (!result.ok) return result.error;
            onFlow({ kind: 'reveal', token: result.value.token, secret: result.value.secret, reason: 'rotated' });
            return null;
          }}
        />
      );
    case 'delete':
      return (
        <DeleteTokenDialog accountId={account.id} token={flow.token} blockedReason={blockedReason} onClose={close} />
      );
    case 'maxRps':
      return (
        <MaxRpsDialog
          accountId={account.id}
          token={flow.token}
          blockedReason={blockedReason}
          grantReason={grantReason(flow.token)}
          onClose={close}
        />
      );
  }
}
