import { useId, useState } from 'react';
import { meActor } from '../../../src-shared/api/me.js';
import type { AccountRow } from '../../../src-shared/ipc/models.js';
import { useMe } from '../../data/connection-data.js';
import {
  permissionChange,
  permissionSections,
  setWanted,
  tickRefusal,
  type PermissionDraft,
  type PermissionRow,
} from '../../lib/permission-edit.js';
import { joinWords } from '../../lib/words.js';
import { PermissionChangeDialog } from './PermissionChangeDialog.js';
import { useChangeGate } from './use-account-access.js';

export type AccountPermissionsTabProps = { connectionId: string; account: AccountRow };

const NO_DRAFT: PermissionDraft = new Map();

/**
 * What the account's tokens may do: one line per permission of the catalogue, grouped by resource,
 * saying where it comes from (a role, a grant, a deny) and what it allows. Those who may change the
 * account tick and untick them (src-renderer/lib/permission-edit.ts turns that into grants and denies),
 * review the change and save it; everyone else sees the same list and why they cannot change it.
 */
export function AccountPermissionsTab({ connectionId, account }: AccountPermissionsTabProps) {
  const gate = useChangeGate(account);
  const me = useMe();
  const [draft, setDraft] = useState<PermissionDraft>(NO_DRAFT);
  const [reviewing, setReviewing] = useState(false);
  const reasonId = useId();
  const sections = permissionSections(account, draft);
  const change = permissionChange(account, draft);
  const held = sections.flatMap((s) => s.rows).filter((r) => r.held).length;
  const editable = gate.allowed;
  const actor = me ? meActor(me) : null;

  return (
    <div className="permissions-tab">
      <p className="muted">
        {account.name}’s tokens can do{' '}
        <strong>
          {held} {held === 1 ? 'permission' : 'permissions'}
        </strong>
        {summaryOf(account)}. A token holds those of its own roles plus the account’s grants, minus its denies, so a
        change here reaches existing tokens at once. Roles are changed in the Info tab.
      </p>
      {editable ? null : (
        <p className="blocked-reason">
          <strong>Read-only.</strong> <span id={reasonId}>{gate.reason}</span>
        </p>
      )}
      {sections.map((section) => (
        <fieldset
          key={section.resource}
          className="permission-section"
          aria-describedby={editable ? undefined : reasonId}
        >
          <legend className="permission-section__title">{section.resource}</legend>
          <ul className="permission-rows">
            {section.rows.map((row) => (
              <PermissionLine
                key={row.permission}
                row={row}
                editable={editable}
                blocked={editable && actor ? tickRefusal(actor, account, row.permission) : null}
                onChange={(wanted) => setDraft((current) => setWanted(account, current, row.permission, wanted))}
              />
            ))}
          </ul>
        </fieldset>
      ))}
      {editable && change.changed ? (
        <div className="permission-changes" role="group" aria-label="Unsaved permission changes">
          <p className="permission-changes__count">
            {changeCount(change.gains.length, change.losses.length)}, not saved yet.
          </p>
          <span className="form__spacer" />
          <button type="button" className="button button--ghost" onClick={() => setDraft(NO_DRAFT)}>
            Discard
          </button>
          <button type="button" className="button button--primary" onClick={() => setReviewing(true)}>
            Review changes…
          </button>
        </div>
      ) : null}
      {reviewing ? (
        <PermissionChangeDialog
          connectionId={connectionId}
          account={account}
          change={change}
          actor={actor}
          onClose={() => setReviewing(false)}
          onSaved={() => {
            setReviewing(false);
            setDraft(NO_DRAFT);
          }}
        />
      ) : null}
    </div>
  );
}

type PermissionLineProps = {
  row: PermissionRow;
  editable: boolean;
  /** Why ticking it is refused (the ceiling), or null. */
  blocked: string | null;
  onChange: (wanted: boolean) => void;
};

function PermissionLine({ row, editable, blocked, onChange }: PermissionLineProps) {
  const pending = row.wanted !== row.held;
  const body = (
    <span className="permission-row__body">
      <span className="permission-row__head">
        <code className="mono permission-row__name">{row.permission}</code>
        <span className={`badge ${STANDING_BADGE[row.standing]}`}>{standingLabel(row)}</span>
        {pending ? <span className="badge badge--info">{row.wanted ? 'To be given' : 'To be taken away'}</span> : null}
      </span>
      <span className="permission-row__allows">{row.allows}</span>
      {blocked && !row.wanted ? <span className="permission-row__blocked">{blocked}</span> : null}
    </span>
  );
  if (!editable) {
    return (
      <li className={`permission-row${row.held ? ' permission-row--held' : ''}`}>
        <span className="permission-row__mark" aria-label={row.held ? 'Held' : 'Not held'} role="img">
          {row.held ? '✓' : '–'}
        </span>
        {body}
      </li>
    );
  }
  const disabled = blocked !== null && !row.wanted;
  return (
    <li
      className={`permission-row${row.wanted ? ' permission-row--held' : ''}${pending ? ' permission-row--pending' : ''}`}
    >
      <label
        className={`permission-row__label${disabled ? ' permission-row__label--blocked' : ''}`}
        title={disabled ? blocked : undefined}
      >
        <input type="checkbox" checked={row.wanted} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        {body}
      </label>
    </li>
  );
}

const STANDING_BADGE: Record<PermissionRow['standing'], string> = {
  role: 'badge--ok',
  granted: 'badge--ok',
  denied: 'badge--danger',
  none: 'badge--muted',
};

/** Where the permission stands on the saved account, in a few words: a badge label, not a sentence. */
export function standingLabel(row: PermissionRow): string {
  const roles = `${joinWords(row.roles)} ${row.roles.length === 1 ? 'role' : 'roles'}`;
  if (row.standing === 'denied') return row.roles.length > 0 ? `Denied (the ${roles} would give it)` : 'Denied';
  if (row.standing === 'role') return row.granted ? `${roles}, also granted` : roles;
  if (row.standing === 'granted') return 'Granted';
  return 'Not held';
}

function summaryOf(account: AccountRow): string {
  const parts = [
    account.roles.length > 0
      ? `from the ${joinWords(account.roles)} ${account.roles.length === 1 ? 'role' : 'roles'}`
      : 'with no role',
    account.grants.length > 0 ? `${account.grants.length} granted` : null,
    account.denies.length > 0 ? `${account.denies.length} denied` : null,
  ].filter((part): part is string => part !== null);
  return ` (${parts.join(', ')})`;
}

function changeCount(gains: number, losses: number): string {
  const permissions = (n: number) => `${n} ${n === 1 ? 'permission' : 'permissions'}`;
  if (gains > 0 && losses > 0) return `${permissions(gains)} to give and ${losses} to take away`;
  if (gains > 0) return `${permissions(gains)} to give`;
  if (losses > 0) return `${permissions(losses)} to take away`;
  return 'Grants and denies changed';
}
