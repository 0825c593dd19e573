import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  TARGET_LABELS,
  type SaveRequest,
  type SaveResult,
  type TargetKind,
} from '../../../src-shared/ipc/password-managers.js';
import { appErrorOf, request } from '../../bridge.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TextField } from '../../components/TextField.js';
import { passwordManagersQuery } from '../../data/queries.js';
import { queryClient } from '../../data/query-client.js';

export type SaveToDialogProps = {
  revealId: string;
  /** Preselected: where the token was saved before (after a rotate, to update that entry). */
  kind?: TargetKind;
  onSaved: (result: SaveResult) => void;
  onClose: () => void;
};

const DEFAULT_GROUP = 'TokenDesk';

/**
 * Save to…: the password managers this computer has, and what each needs. Only the reveal's id goes
 * to main, which hands the secret to the password manager itself: never the clipboard, a command
 * line or a file. A master password typed here lives in this dialog's state until it closes.
 */
export function SaveToDialog({ revealId, kind: preselected, onSaved, onClose }: SaveToDialogProps) {
  const managers = useQuery(passwordManagersQuery());
  const targets = managers.data?.targets ?? [];
  const firstAvailable = targets.find((t) => t.available)?.kind;
  const [chosen, setChosen] = useState<TargetKind | null>(preselected ?? null);
  const kind = chosen ?? firstAvailable ?? 'keepass';
  const remembered = managers.data?.keepass ?? null;
  const [file, setFile] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [master, setMaster] = useState('');
  const [create, setCreate] = useState(false);
  const place = { file: file ?? remembered?.file ?? '', group: group ?? remembered?.group ?? DEFAULT_GROUP };

  const save = useMutation({
    gcTime: 0,
    mutationFn: (body: SaveRequest) => request((bridge) => bridge.reveal.save(body)),
    onSuccess: async (result) => {
      setMaster('');
      onSaved(result);
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey.includes('savedEntries') });
    },
  });
  const pick = useMutation({
    mutationFn: () => request((bridge) => bridge.passwordManagers.pickKeepass()),
    onSuccess: (picked) => {
      if (picked !== null) setFile(picked);
    },
  });

  const missing =
    kind === 'keepass' && (place.file.trim() === '' || place.group.trim() === '' || master === '')
      ? 'Choose the database and group, and enter its master password.'
      : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (missing || save.isPending) return;
    const body: SaveRequest =
      kind === 'keepass'
        ? {
            kind,
            revealId,
            place: { file: place.file.trim(), group: place.group.trim() },
            masterPassword: master,
            create,
          }
        : kind === 'bitwarden'
          ? { kind, revealId, ...(master === '' ? {} : { masterPassword: master }) }
          : { kind, revealId };
    save.mutate(body);
  }

  return (
    <Dialog title="Save to a password manager" size="medium" onClose={onClose} dirty={master !== ''}>
      <form className="form" noValidate onSubmit={onSubmit} aria-label="Save to a password manager">
        <fieldset className="save-to__targets">
          <legend className="field__label">Password manager</legend>
          {targets.map((target) => (
            <label
              key={target.kind}
              className={`radio-option${kind === target.kind ? ' radio-option--on' : ''}${target.available ? '' : ' radio-option--off'}`}
              title={target.reason ?? undefined}
            >
              <input
                type="radio"
                name="target"
                value={target.kind}
                checked={kind === target.kind}
                disabled={!target.available}
                onChange={() => setChosen(target.kind)}
              />
              <span>
                {TARGET_LABELS[target.kind]}
                {target.reason ? <span className="muted small save-to__reason"> — {target.reason}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
        {kind === 'keepass' ? (
          <>
            <div className="save-to__file">
              <TextField
                label="Database file (.kdbx)"
                value={place.file}
                onChange={setFile}
                spellCheck={false}
                placeholder="/home/you/Passwords.kdbx"
              />
              <button type="button" className="button" onClick={() => pick.mutate()} disabled={pick.isPending}>
                Choose…
              </button>
            </div>
            <TextField
              label="Group"
              value={place.group}
              onChange={setGroup}
              hint="Made inside the database if it is not there. Use / for a group inside a group."
            />
            <TextField
              label="Master password"
              type="password"
              autoComplete="off"
              value={master}
              onChange={setMaster}
              hint="Asked each time; TokenDesk never stores it."
            />
            <label className="checkbox">
              <input type="checkbox" checked={create} onChange={(event) => setCreate(event.target.checked)} />
              Create the database if it does not exist
            </label>
          </>
        ) : kind === 'bitwarden' ? (
          <TextField
            label="Bitwarden master password (only needed when Bitwarden is locked)"
            type="password"
            autoComplete="off"
            value={master}
            onChange={setMaster}
          />
        ) : null}
        {managers.error ? (
          <ErrorMessage error={appErrorOf(managers.error)} prefix="Could not list password managers:" />
        ) : null}
        {save.error ? <ErrorMessage error={appErrorOf(save.error)} prefix="Not saved:" /> : null}
        <div className="form__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={save.isPending || managers.isPending || missing !== null}
            title={missing ?? undefined}
          >
            {save.isPending ? 'Saving…' : `Save to ${TARGET_LABELS[kind]}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
