import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Snapshot } from '../../../src-shared/ipc/models.js';
import { appErrorOf } from '../../bridge.js';
import { UsedByThisAppBadge } from '../../components/badges.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { CopyButton } from '../../components/CopyButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { BackIcon, TrashIcon } from '../../components/icons.js';
import { useNow } from '../../components/use-now.js';
import { useSelectedConnectionId, useSnapshot } from '../../data/connection-data.js';
import { accountQuery } from '../../data/queries.js';
import { useAppStore } from '../../store/app-store.js';
import type { AccountTab } from '../../store/ui-state.js';
import { AccountInfoTab } from './AccountInfoTab.js';
import { AccountLogsTab } from '../logs/AccountLogsTab.js';
import { AccountPermissionsTab } from './AccountPermissionsTab.js';
import { AccountTokensTab } from './AccountTokensTab.js';
import { DeleteAccountDialog } from './DeleteAccountDialog.js';
import { EnabledSwitch } from './EnabledSwitch.js';
import { ToggleFailureNotice } from './ToggleFailureNotice.js';
import { useAccountAccess, useChangeGate } from './use-account-access.js';

export type AccountDetailScreenProps = { accountId: string; tab: AccountTab };

const TABS: readonly { id: AccountTab; label: string }[] = [
  { id: 'info', label: 'Info' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'permissions', label: 'Permissions' },
  { id: 'logs', label: 'Logs' },
];

const NO_GROUPS: readonly string[] = [];
const NO_ROLES: Snapshot['roles'] = [];

/**
 * One service account, loaded through accounts:get: a header with enable/disable and delete, then
 * Info (editable), Tokens and Permissions. Actions the admin may not take are disabled up front, with why.
 */
export function AccountDetailScreen(props: AccountDetailScreenProps) {
  const connectionId = useSelectedConnectionId();
  // Leaving a connection leaves its accounts (see selectConnection); nothing to show until then.
  return connectionId === null ? null : <AccountDetail connectionId={connectionId} {...props} />;
}

function AccountDetail({ connectionId, accountId, tab }: AccountDetailScreenProps & { connectionId: string }) {
  const snapshot = useSnapshot().data;
  // The list row gives the header at once; the detail (with tokens) follows from accounts:get.
  const row = useMemo(
    () => snapshot?.accounts.find((account) => account.id === accountId) ?? null,
    [snapshot, accountId],
  );
  const detail = useQuery(accountQuery(connectionId, accountId));
  const navigate = useAppStore((state) => state.navigate);
  const roles = snapshot?.roles ?? NO_ROLES;
  const groups = snapshot?.groups;
  const myGroups = snapshot?.me.groups ?? NO_GROUPS;
  const now = useNow(30_000);
  const baseId = useId();
  const tabRefs = useRef<Record<AccountTab, HTMLButtonElement | null>>({
    info: null,
    tokens: null,
    permissions: null,
    logs: null,
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const groupOptions = useMemo(() => (groups ?? []).map((g) => g.name), [groups]);
  const gate = useChangeGate({ groups: (detail.data ?? row)?.groups ?? NO_GROUPS });
  /** The account this connection signs in as: marked, and disabling or deleting it asks first (with why). */
  const access = useAccountAccess();
  const { ownAccountId } = access;
  const reasonId = useId();
  const error = detail.error ? appErrorOf(detail.error) : null;

  useEffect(() => {
    // The row that opened this screen is gone; put keyboard and screen-reader focus on the title.
    heading.current?.focus({ preventScroll: true });
  }, [accountId]);

  const account = detail.data ?? row;
  const back = (
    <button type="button" className="back-link" onClick={() => navigate({ name: 'accounts' })}>
      <BackIcon />
      Back to service accounts
    </button>
  );

  if (!account) {
    return (
      <div className="screen">
        {back}
        {detail.isPending ? (
          <p className="muted">Loading service account…</p>
        ) : error ? (
          <ErrorMessage error={error} prefix="Could not load this service account:" />
        ) : (
          <EmptyState title="Service account not found">
            <p>It is not in this connection’s data any more; it may have been deleted on the server.</p>
          </EmptyState>
        )}
      </div>
    );
  }

  function selectTab(next: AccountTab) {
    navigate({ name: 'account', accountId, tab: next });
  }

  function onTabKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const index = TABS.findIndex((t) => t.id === tab);
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = TABS[(index + delta + TABS.length) % TABS.length];
    if (!next) return;
    selectTab(next.id);
    tabRefs.current[next.id]?.focus();
  }

  const tokens = detail.data ? detail.data.tokens : undefined;
  return (
    <div className="screen">
      {back}
      <div className="detail-header">
        <div className="detail-header__name">
          <h1 ref={heading} tabIndex={-1} className="screen__title">
            {account.name}
          </h1>
          <CopyButton text={account.name} what="name" />
          {account.id === ownAccountId ? <UsedByThisAppBadge /> : null}
        </div>
        <EnabledSwitch account={account} variant="header" access={access} />
        <ChangeButton
          className="button button--danger-ghost"
          blockedReason={gate.reason}
          aria-describedby={gate.allowed ? undefined : reasonId}
          onClick={() => setDeleting(true)}
        >
          <TrashIcon />
          Delete account
        </ChangeButton>
      </div>
      {gate.allowed ? null : (
        <p id={reasonId} className="blocked-reason">
          {gate.reason}
        </p>
      )}
      <ToggleFailureNotice accountId={account.id} />
      {error ? <ErrorMessage error={error} prefix="Could not refresh:" /> : null}
      <div role="tablist" aria-label="Service account sections" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => void (tabRefs.current[t.id] = el)}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            aria-controls={`${baseId}-panel-${t.id}`}
            aria-selected={t.id === tab}
            tabIndex={t.id === tab ? 0 : -1}
            className={`tab${t.id === tab ? ' tab--current' : ''}`}
            onClick={() => selectTab(t.id)}
            onKeyDown={onTabKeyDown}
          >
            {t.label}
            {t.id === 'tokens' ? (
              <span className="tab__count" aria-hidden="true">
                {tokens ? tokens.length : account.tokenCount}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-panel-${tab}`}
        aria-labelledby={`${baseId}-tab-${tab}`}
        className="tab-panel"
        tabIndex={0}
      >
        {tab === 'info' ? (
          <AccountInfoTab
            connectionId={connectionId}
            account={account}
            roles={roles}
            now={now}
            groupOptions={groupOptions}
            myGroups={myGroups}
            editing={editingId === accountId}
            onEditingChange={(editing) => setEditingId(editing ? accountId : null)}
          />
        ) : tab === 'tokens' ? (
          <AccountTokensTab
            connectionId={connectionId}
            account={account}
            tokens={tokens}
            loading={detail.isFetching}
            now={now}
          />
        ) : tab === 'logs' ? (
          <AccountLogsTab connectionId={connectionId} account={account} tokens={tokens ?? null} />
        ) : (
          <AccountPermissionsTab connectionId={connectionId} account={account} />
        )}
      </div>
      {deleting ? (
        <DeleteAccountDialog
          connectionId={connectionId}
          account={account}
          tokenCount={tokens ? tokens.length : account.tokenCount}
          onClose={() => setDeleting(false)}
          // The store has already gone back to the list.
          onDeleted={() => setDeleting(false)}
        />
      ) : null}
    </div>
  );
}
