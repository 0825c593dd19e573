import { useEffect, useMemo, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { request } from '../../bridge.js';
import { holdAttention } from '../../data/attention.js';
import { DEFAULT_EXPIRY, expiryDate, type ExpiryChoice } from '../../lib/token-form.js';
import { ExpiryPicker } from '../tokens/ExpiryPicker.js';
import { planBulk, type BulkAction, type BulkTarget } from './bulk-plan.js';
import { BulkPreview, type PlannedRow } from './BulkPreview.js';
import { BulkProgress } from './BulkProgress.js';
import { bulkWords, plural } from './bulk-words.js';
import { runBulk, type BulkOutcome } from './run-bulk.js';

/** Calls in flight at once: the round trips overlap, and a server is never flooded. */
const CONCURRENCY = 4;

const NO_UNLIMITED = {
  unlimited: 'A bulk change sets a date. To remove an expiry, change that token on its own.',
  capDays: null,
  defaultChoice: DEFAULT_EXPIRY,
};

export type BulkDialogProps = {
  action: BulkAction['kind'];
  targets: readonly BulkTarget[];
  now: number;
  onClose: () => void;
};

/** The one API call of a change to one token: an ordinary call, so the server audits each. */
function send(action: BulkAction, target: BulkTarget): Promise<unknown> {
  const ref = { connectionId: target.connection.connectionId, accountId: target.account.id, name: target.token.name };
  if (action.kind === 'delete') return request((bridge) => bridge.tokens.remove(ref));
  const patch = action.kind === 'suspend' ? { status: 'SUSPENDED' as const } : { expiresAt: action.expiresAt };
  return request((bridge) => bridge.tokens.update({ ...ref, patch }));
}

/**
 * A bulk change: for an expiry, the date first; then the dry run, which lists exactly what will change,
 * what is refused and why; then the change itself, with bounded concurrency, a progress bar that can be
 * cancelled and each token's own result, ending in a summary.
 */
export function BulkDialog({ action: kind, targets, now, onClose }: BulkDialogProps) {
  const words = bulkWords(kind);
  const [expiry, setExpiry] = useState<ExpiryChoice>(DEFAULT_EXPIRY);
  const [chosen, setChosen] = useState<BulkAction | null>(kind === 'expiry' ? null : { kind });
  const [outcomes, setOutcomes] = useState<(BulkOutcome | null)[] | null>(null);
  const [running, setRunning] = useState(false);
  const [stopping, setStopping] = useState(false);
  const cancel = useRef<AbortController | null>(null);
  useEffect(() => () => cancel.current?.abort(), []);

  const planned = useMemo<PlannedRow[] | null>(
    () => (chosen ? targets.map((target) => ({ target, verdict: planBulk(chosen, target, now) })) : null),
    [chosen, targets, now],
  );
  const changes = useMemo(() => planned?.filter((row) => row.verdict.kind === 'change') ?? [], [planned]);

  const apply = async () => {
    if (!chosen) return;
    const controller = new AbortController();
    cancel.current = controller;
    const release = holdAttention();
    const results: (BulkOutcome | null)[] = changes.map(() => null);
    setOutcomes([...results]);
    setRunning(true);
    try {
      await runBulk(changes, (row) => send(chosen, row.target).then(() => undefined), {
        concurrency: CONCURRENCY,
        signal: controller.signal,
        onOutcome: (index, outcome) => {
          results[index] = outcome;
          setOutcomes([...results]);
        },
      });
    } finally {
      setRunning(false);
      release();
    }
  };

  if (chosen === null) {
    const date = expiryDate(expiry, now);
    return (
      <Dialog
        title={words.title}
        onClose={onClose}
        description={`For ${plural(targets.length, 'selected token')}. The next step shows what will change before anything does.`}
      >
        <ExpiryPicker value={expiry} onChange={setExpiry} now={now} limits={NO_UNLIMITED} />
        <FormActions
          label="Preview the change"
          local
          disabled={!date}
          onAct={() => date && setChosen({ kind: 'expiry', expiresAt: date.toISOString() })}
          onCancel={onClose}
        />
      </Dialog>
    );
  }

  if (outcomes !== null) {
    return (
      <Dialog title={words.title} onClose={onClose} escapeCloses={!running} size="large">
        <BulkProgress rows={changes} outcomes={outcomes} doneWord={words.done} />
        <FormActions
          label={running ? 'Stop' : 'Close'}
          busyLabel="Stopping…"
          busy={running && stopping}
          local
          tone={running ? 'danger' : 'primary'}
          onAct={
            running
              ? () => {
                  setStopping(true);
                  cancel.current?.abort();
                }
              : onClose
          }
        />
      </Dialog>
    );
  }

  return (
    <Dialog
      title={`${words.title}: dry run`}
      onClose={onClose}
      size="large"
      description="Nothing has changed yet. Check the lists, then apply."
    >
      <BulkPreview rows={planned ?? []} action={chosen} />
      <FormActions
        label={changes.length === 0 ? 'Nothing to change' : `${words.verb} ${plural(changes.length, 'token')}`}
        local
        tone={kind === 'delete' ? 'danger' : 'primary'}
        disabled={changes.length === 0}
        onAct={() => void apply()}
        onCancel={onClose}
      />
    </Dialog>
  );
}
