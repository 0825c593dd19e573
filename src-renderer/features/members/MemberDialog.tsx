import { useState, type FormEvent } from 'react';
import { CreateMemberBody, PatchMemberBody, type Member } from '../../../src-shared/api/directory.js';
import type { Role } from '../../../src-shared/api/models.js';
import type { Actor } from '../../../src-shared/authz.js';
import type { AppError } from '../../../src-shared/errors.js';
import type { RoleName } from '../../../src-shared/roles.js';
import { MemberName } from '../../../src-shared/validation.js';
import { ChangeButton } from '../../components/ChangeButton.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TextField } from '../../components/TextField.js';
import { RolePicker } from '../accounts/RolePicker.js';
import { GroupChecklist } from './GroupChecklist.js';

export type MemberDialogProps = {
  /** The member being edited; absent to add one. */
  member?: Member;
  roles: readonly Role[];
  groupOptions: readonly string[];
  takenNames: readonly string[];
  actor: Actor | undefined;
  blockedReason: string | null;
  onSave: (body: CreateMemberBody | PatchMemberBody) => Promise<AppError | null>;
  onClose: () => void;
};

function nameError(name: string, taken: readonly string[]): string | undefined {
  const parsed = MemberName.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message;
  return taken.includes(name) ? 'A member with that name already exists.' : undefined;
}

/** "Add member" (name, roles, groups) or "Edit member" (roles and groups), checked with the shared schemas. */
export function MemberDialog(props: MemberDialogProps) {
  const { member, roles, groupOptions, takenNames, actor, blockedReason, onSave, onClose } = props;
  const adding = !member;
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<RoleName[]>(member ? [...member.roles] : []);
  const [groups, setGroups] = useState<string[]>(member ? [...member.groups] : []);
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const shownName = adding && (name !== '' || submitted) ? nameError(name, takenNames) : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (sending || blockedReason) return;
    if (adding && nameError(name, takenNames)) return;
    const parsed = adding
      ? CreateMemberBody.safeParse({ name, roles: picked, groups })
      : PatchMemberBody.safeParse({ roles: picked, groups });
    if (!parsed.success) {
      setFailure({ code: 'invalid_request', message: parsed.error.issues[0]?.message ?? 'Check the form.' });
      return;
    }
    setSending(true);
    setFailure(null);
    const error = await onSave(parsed.data);
    setSending(false);
    if (error) setFailure(error);
  }

  return (
    <Dialog
      title={adding ? 'Add member' : `Edit member ${member.name}`}
      size="large"
      onClose={onClose}
      description={
        adding ? (
          <p>A person who uses TokenDesk. They get a first personal token, shown to you once, to hand over.</p>
        ) : undefined
      }
    >
      <form
        className="form"
        noValidate
        aria-label={adding ? 'New member' : 'Member'}
        onSubmit={(e) => void onSubmit(e)}
      >
        {adding ? (
          <TextField
            label="Name"
            value={name}
            onChange={setName}
            error={shownName}
            hint="2–64 lowercase letters, digits, dots, dashes or underscores."
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
          />
        ) : null}
        <RolePicker value={picked} onChange={setPicked} roles={roles} actor={actor} />
        <GroupChecklist value={groups} onChange={setGroups} options={groupOptions} />
        {failure ? (
          <ErrorMessage error={failure} prefix={adding ? 'Could not add the member:' : 'Could not save:'} />
        ) : null}
        <div className="form__actions">
          <span className="form__spacer" />
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <ChangeButton
            type="submit"
            className="button button--primary"
            disabled={sending}
            blockedReason={blockedReason}
          >
            {sending ? 'Saving…' : adding ? 'Add member' : 'Save'}
          </ChangeButton>
        </div>
      </form>
    </Dialog>
  );
}
