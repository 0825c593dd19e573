import { useState, type FormEvent } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import { PatchTokenBody } from '../../../src-shared/api/tokens.js';
import { raisesMaxRps } from '../../../src-shared/authz.js';
import { Dialog } from '../../components/Dialog.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TextField } from '../../components/TextField.js';
import { firstMessage } from '../../lib/field-errors.js';
import { maxRpsMessage, parseMaxRps } from '../../lib/token-form.js';
import { useUpdateToken } from './token-mutations.js';

export type MaxRpsDialogProps = {
  connectionId: string;
  accountId: string;
  token: TokenMeta;
  blockedReason: string | null;
  /** Why the user may not raise or remove this token's cap (its roles go beyond theirs); lowering is fine. */
  grantReason: string | null;
  onClose: () => void;
};

/** The token's requests-per-second cap; empty means no cap, shown as "None". */
export function MaxRpsDialog(props: MaxRpsDialogProps) {
  const { connectionId, accountId, token, blockedReason, grantReason, onClose } = props;
  const update = useUpdateToken(connectionId, accountId);
  const [text, setText] = useState(token.maxRps === null ? '' : String(token.maxRps));
  const parsed = PatchTokenBody.safeParse({ maxRps: parseMaxRps(text) });
  const error = parsed.success ? undefined : maxRpsMessage(firstMessage(parsed.error) ?? 'Not valid.', text);
  // Raising or removing the cap gives the token more room: the same ceiling as creating it.
  const raises = parsed.success && parsed.data.maxRps !== undefined && raisesMaxRps(token.maxRps, parsed.data.maxRps);
  const refused = blockedReason ?? (raises ? grantReason : null);
  // The error shows once the field was changed and left, or after a try to save (useTouched).
  const touch = useTouched<'maxRps'>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    touch.submit();
    if (!parsed.success || update.isPending || refused) return;
    update.mutate({ name: token.name, patch: parsed.data }, { onSuccess: onClose });
  }

  const unsaved = useUnsaved(text);
  return (
    <Dialog title={`Max RPS for ${token.name}`} size="small" onClose={onClose} dirty={unsaved}>
      <form className="form" noValidate aria-label="Max RPS" onSubmit={onSubmit}>
        <TextField
          label="Max requests per second"
          value={text}
          onChange={(next) => {
            setText(next);
            touch.change('maxRps');
          }}
          onBlur={touch.blurOf('maxRps')}
          error={touch.shows('maxRps') ? error : undefined}
          hint="Over the cap, requests get 429 with Retry-After. Leave empty for no cap."
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
        />
        {raises && grantReason ? <p className="blocked-reason">{grantReason} You can still lower the cap.</p> : null}
        <MutationError mutation={update} prefix="Could not save:" />
        <FormActions
          label="Save"
          busyLabel="Saving…"
          busy={update.isPending}
          blockedReason={refused}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
