import { useState, type ReactNode, type SyntheticEvent } from 'react';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { Switch } from '../../components/Switch.js';
import { OwnLossConfirm, OWN_ACCOUNT_LOSS } from '../tokens/own-token.js';
import { setAccountEnabled } from './account-mutations.js';
import type { AccountAccess } from './use-account-access.js';

export type EnabledSwitchProps = {
  account: AccountRow;
  /** In a list row the switch is named after the account ("ci_deployer enabled"); in the header, "Enabled". */
  variant: 'row' | 'header';
  tabIndex?: number;
  /** What the switch needs to know besides its account (useAccountAccess), read once for a whole list. */
  access: AccountAccess;
};

const NOT_RUNNING = { isPending: false, error: null };

/**
 * Enable/disable, optimistic: it flips at once and flips back with a message if the server says no.
 * The word next to it is the state as shown; the switch's own name stays fixed, as switches' do.
 */
export function EnabledSwitch({ account, variant, tabIndex, access }: EnabledSwitchProps) {
  const { connectionId } = access;
  const pending = access.pendingIds.has(account.id);
  const checked = account.enabled;
  /** Disabling the account this connection signs in as cuts the app off: it waits in a confirmation. */
  const own = account.id === access.ownAccountId;
  // Whose disabling waits in the confirmation. A list row keeps its switch while its account changes
  // (a search keystroke shows other accounts in the same rows, see AccountsGrid): a confirmation
  // opened for one account closes when the row shows another, rather than the switch being built
  // anew for every account a row shows.
  const [confirmingFor, setConfirmingFor] = useState<string | null>(null);
  if (confirmingFor !== null && confirmingFor !== account.id) setConfirmingFor(null);
  const confirming = confirmingFor === account.id;
  const setConfirming = (open: boolean) => setConfirmingFor(open ? account.id : null);
  const flip = (enabled: boolean) => {
    if (connectionId !== null)
      setAccountEnabled(connectionId, { accountId: account.id, accountName: account.name, enabled });
  };
  // Enabling brings the account's tokens back with its roles: the ceiling of a grant. Disabling is open.
  const reason = access.changeGate(account).reason ?? (checked ? null : access.enableReason(account));
  return (
    <span className={`enabled-switch enabled-switch--${variant}`}>
      <Switch
        checked={checked}
        onChange={(enabled) => (!enabled && own ? setConfirming(true) : flip(enabled))}
        ariaLabel={variant === 'row' ? `${account.name} enabled` : 'Enabled'}
        disabled={reason !== null}
        title={reason ?? undefined}
        busy={pending}
        {...(tabIndex === undefined ? {} : { tabIndex })}
      />
      <span className={`enabled-switch__state${checked ? '' : ' enabled-switch__state--off'}`} aria-hidden="true">
        {checked ? 'Enabled' : 'Disabled'}
      </span>
      {confirming ? (
        <ContainedDialog>
          <OwnLossConfirm
            title={`Disable ${account.name}?`}
            description="Its tokens stop working until the account is enabled again."
            confirmLabel="Disable account"
            busyLabel="Disabling…"
            errorPrefix="Could not disable:"
            loss={OWN_ACCOUNT_LOSS}
            // The flip runs like any other (its failure is shown by ToggleFailureNotice); the dialog only asks.
            mutation={NOT_RUNNING}
            blockedReason={reason}
            onConfirm={() => {
              setConfirming(false);
              flip(false);
            }}
            onClose={() => setConfirming(false)}
          />
        </ContainedDialog>
      ) : null}
    </span>
  );
}

/**
 * In a list row the confirmation is the row's child in React's tree, so its clicks and keys would
 * bubble to the row (which opens the account on a click or Enter): they stop here.
 */
function ContainedDialog({ children }: { children: ReactNode }) {
  const stop = (event: SyntheticEvent) => event.stopPropagation();
  return (
    <span role="presentation" className="contained-dialog" onClick={stop} onKeyDown={stop}>
      {children}
    </span>
  );
}
