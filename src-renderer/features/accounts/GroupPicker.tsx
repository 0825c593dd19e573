import { useId, useState } from 'react';
import { canPutInGroups, sharesGroup, type Actor } from '../../../src-shared/authz.js';
import { joinWords } from '../../lib/words.js';

export type GroupPickerProps = {
  value: readonly string[];
  onChange: (groups: string[]) => void;
  /** Group names to choose from. */
  options: readonly string[];
  /** The admin's own groups (from /me): sharing one is what lets them manage the account later. */
  myGroups: readonly string[];
  /** Who is choosing: a group they are not in is offered disabled, with the shared rule's reason. */
  actor?: Actor | undefined;
  /** The account's groups now (edit): keeping or removing them is always allowed, only adding is limited. */
  current?: readonly string[];
  /** What an empty choice means here: on create the server uses the admin's groups. */
  emptyMeansMine: boolean;
  error?: string | undefined;
};

const SEARCH_FROM = 9;
/**
 * Said once under the boxes when some groups are not the user's to add. A domain can have dozens of
 * groups, so the names stay on the (disabled) boxes, each with the shared rule's reason as its tooltip.
 */
export const FOREIGN_GROUPS_NOTE = 'Groups you are not in need member.manage.';
const NONE: readonly string[] = [];

/**
 * Checkboxes for groups, with the same-group rule spelled out: a warning when the admin leaves, groups
 * they may not add disabled with the reason, and who can act through the account's tokens when it is in
 * more than one group (one shared group is enough to manage its tokens).
 */
export function GroupPicker(props: GroupPickerProps) {
  const { value, onChange, options, myGroups, actor, current = NONE, emptyMeansMine, error } = props;
  const [search, setSearch] = useState('');
  const searchId = useId();
  const noteId = useId();
  const needle = search.trim().toLowerCase();
  const shown = needle === '' ? options : options.filter((g) => g.includes(needle) || value.includes(g));
  function toggle(group: string, on: boolean) {
    onChange(on ? [...value, group] : value.filter((g) => g !== group));
  }
  // Only adding a group is limited: one already chosen (or the account's own) can always be unticked.
  const blockedReason = (group: string): string | null => {
    if (!actor || value.includes(group) || current.includes(group)) return null;
    const decision = canPutInGroups(actor, [group]);
    return decision.allowed ? null : decision.reason;
  };
  const someBlocked = options.some((g) => blockedReason(g) !== null);
  const mine = myGroups.length > 0 ? myGroups.join(', ') : 'none';
  const leaves = value.length > 0 && !sharesGroup({ roles: [], permissions: [], groups: myGroups }, value);
  const endsIn = value.length === 0 && emptyMeansMine ? myGroups : value;
  return (
    <fieldset className={`fieldset${error ? ' fieldset--invalid' : ''}`} aria-describedby={noteId}>
      <legend className="field__label">Groups</legend>
      {options.length >= SEARCH_FROM ? (
        <>
          <label htmlFor={searchId} className="visually-hidden">
            Search groups
          </label>
          <input
            id={searchId}
            type="search"
            className="input input--small"
            placeholder="Search groups"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </>
      ) : null}
      <div className="group-options">
        {shown.map((group) => {
          const checked = value.includes(group);
          const reason = blockedReason(group);
          return (
            <label
              key={group}
              className={`filter-chip filter-chip--check${checked ? ' filter-chip--on' : ''}${reason ? ' filter-chip--blocked' : ''}`}
              title={reason ?? undefined}
            >
              <input
                type="checkbox"
                checked={checked}
                disabled={reason !== null}
                onChange={(event) => toggle(group, event.target.checked)}
              />
              {group}
              {myGroups.includes(group) ? <span className="filter-chip__note">yours</span> : null}
            </label>
          );
        })}
        {shown.length === 0 ? <span className="muted small">No group matches “{search.trim()}”.</span> : null}
      </div>
      <p id={noteId} className="field__hint">
        You must share a group with a service account to change it or manage its tokens later. Your groups: {mine}.
        {value.length === 0 && emptyMeansMine ? ' With none chosen, the server puts it in your groups.' : ''}
      </p>
      {someBlocked ? <p className="field__hint">{FOREIGN_GROUPS_NOTE}</p> : null}
      {endsIn.length >= 2 ? (
        <p className="notice notice--info small" role="note">
          Members of {joinWords([...endsIn].sort())} can manage this account’s tokens and act through them.
        </p>
      ) : null}
      {leaves ? (
        <p className="notice notice--warn small" role="status">
          None of these groups is yours: afterwards you will not be able to change this account or manage its tokens.
        </p>
      ) : null}
      {value.length === 0 && !emptyMeansMine ? (
        <p className="notice notice--warn small" role="status">
          With no group, no one can change this account or manage its tokens.
        </p>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}
