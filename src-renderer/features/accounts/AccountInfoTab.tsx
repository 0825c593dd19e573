import { CopyableText } from '../../components/CopyButton.js';
import type { Role } from '../../../src-shared/api/models.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { BUILT_IN_ROLES } from '../../../src-shared/roles.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { PencilIcon } from '../../components/icons.js';
import { formatExact, formatRelative } from '../../lib/time-format.js';
import { AccountEditForm } from './AccountEditForm.js';
import { useChangeGate } from './use-account-access.js';

export type AccountInfoTabProps = {
  connectionId: string;
  account: AccountRow;
  roles: readonly Role[];
  now: number;
  /** Every group name the picker offers (the snapshot's groups). */
  groupOptions: readonly string[];
  myGroups: readonly string[];
  editing: boolean;
  onEditingChange: (editing: boolean) => void;
};

/** Everything about the account except its tokens, as a description list; Edit turns it into a form. */
export function AccountInfoTab(props: AccountInfoTabProps) {
  const { account, roles, now, editing, onEditingChange } = props;
  const gate = useChangeGate(account);
  if (editing) {
    return (
      <AccountEditForm
        connectionId={props.connectionId}
        account={account}
        roles={roles}
        groupOptions={props.groupOptions}
        myGroups={props.myGroups}
        onDone={() => onEditingChange(false)}
      />
    );
  }
  return (
    <div className="info-tab">
      <div className="info-tab__actions">
        <ChangeButton
          className="button button--small"
          blockedReason={gate.reason}
          onClick={() => onEditingChange(true)}
        >
          <PencilIcon />
          Edit
        </ChangeButton>
      </div>
      <InfoList account={account} roles={roles} now={now} />
    </div>
  );
}

type InfoListProps = { account: AccountRow; roles: readonly Role[]; now: number };

function InfoList({ account, roles, now }: InfoListProps) {
  return (
    <dl className="info-list">
      <dt>Description</dt>
      <dd className="break">{account.description || <span className="muted">No description</span>}</dd>

      <dt>Roles</dt>
      <dd>
        {account.roles.length === 0 ? (
          <span className="muted">
            {account.grants.length > 0
              ? 'No roles: its granted permissions only (see the Permissions tab)'
              : 'No roles'}
          </span>
        ) : (
          <ul className="role-list">
            {account.roles.map((name) => (
              <li key={name}>
                <span className="chip">{name}</span>
                <span className="role-list__description">{roleDescription(name, roles)}</span>
              </li>
            ))}
          </ul>
        )}
      </dd>

      <dt>Groups</dt>
      <dd>
        {account.groups.length === 0 ? (
          <span className="muted">No groups</span>
        ) : (
          <span className="chips chips--wrap">
            {account.groups.map((group) => (
              <span key={group} className="chip chip--plain">
                {group}
              </span>
            ))}
          </span>
        )}
      </dd>

      <dt>Basic Auth</dt>
      <dd>{account.basicAuthEnabled ? 'On' : 'Off'}</dd>

      <dt>Created</dt>
      <dd>
        <Who by={account.createdBy} at={account.createdAt} now={now} />
      </dd>

      <dt>Updated</dt>
      <dd>
        <Who by={account.updatedBy} at={account.updatedAt} now={now} />
      </dd>

      <dt>ID</dt>
      <dd>
        <CopyableText text={account.id} what="ID" className="mono" />
      </dd>
    </dl>
  );
}

function roleDescription(name: string, roles: readonly Role[]): string {
  return (
    roles.find((role) => role.name === name)?.description ??
    BUILT_IN_ROLES.find((role) => role.name === name)?.description ??
    ''
  );
}

type WhoProps = { by: string; at: string; now: number };

function Who({ by, at, now }: WhoProps) {
  return (
    <>
      by <strong>{by}</strong>,{' '}
      <time dateTime={at} title={formatExact(at)}>
        {formatExact(at)}
      </time>{' '}
      <span className="muted">({formatRelative(at, now)})</span>
    </>
  );
}
