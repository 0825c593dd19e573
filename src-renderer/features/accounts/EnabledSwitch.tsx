import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { Switch } from '../../components/Switch.js';
import { useSelectedConnectionId } from '../../data/connection-data.js';
import { setAccountEnabled, useEnabledPending } from './account-mutations.js';
import { useChangeGate, useGrantReason } from './use-account-access.js';

export type EnabledSwitchProps = {
  account: AccountRow;
  /** In a list row the switch is named after the account ("ci_deployer enabled"); in the header, "Enabled". */
  variant: 'row' | 'header';
  tabIndex?: number;
};

/**
 * Enable/disable, optimistic: it flips at once and flips back with a message if the server says no.
 * The word next to it is the state as shown; the switch's own name stays fixed, as switches' do.
 */
export function EnabledSwitch({ account, variant, tabIndex }: EnabledSwitchProps) {
  const connectionId = useSelectedConnectionId();
  const pending = useEnabledPending(connectionId, account.id);
  const gate = useChangeGate(account);
  const grantReason = useGrantReason();
  const checked = account.enabled;
  // Enabling brings the account's tokens back with its roles: the ceiling of a grant. Disabling is open.
  const reason = gate.reason ?? (checked ? null : grantReason(account));
  return (
    <span className={`enabled-switch enabled-switch--${variant}`}>
      <Switch
        checked={checked}
        onChange={(enabled) => {
          if (connectionId !== null) {
            setAccountEnabled(connectionId, { accountId: account.id, accountName: account.name, enabled });
          }
        }}
        ariaLabel={variant === 'row' ? `${account.name} enabled` : 'Enabled'}
        disabled={reason !== null}
        title={reason ?? undefined}
        busy={pending}
        {...(tabIndex === undefined ? {} : { tabIndex })}
      />
      <span className={`enabled-switch__state${checked ? '' : ' enabled-switch__state--off'}`} aria-hidden="true">
        {checked ? 'Enabled' : 'Disabled'}
      </span>
    </span>
  );
}
