import { useQuery } from '@tanstack/react-query';
import { Dialog } from '../../components/Dialog.js';
import { lockStatusQuery } from '../../data/queries.js';
import { lockCalls, PassphraseForm } from './PassphraseForm.js';
import { useStepUp } from './step-up-store.js';

/**
 * "Confirm it's you": shown when main answers `step_up_required` (an Admin-level action after the
 * step-up window). Once the passphrase is right, the request that asked is sent again by itself.
 */
export function StepUpDialog() {
  const pending = useStepUp((state) => state.pending);
  const answer = useStepUp((state) => state.answer);
  const touchId = useQuery({ ...lockStatusQuery(), enabled: pending !== null }).data?.touchIdReady ?? false;
  if (pending === null) return null;
  return (
    <Dialog title="Confirm it’s you" size="small" onClose={() => answer(false)}>
      <PassphraseForm action="Confirm" send={lockCalls.stepUp} onDone={() => answer(true)} touchId={touchId}>
        <p>This gives Admin-level access, so TokenDesk asks for your passphrase again.</p>
      </PassphraseForm>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => answer(false)}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
