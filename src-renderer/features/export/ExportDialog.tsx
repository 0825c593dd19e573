import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ExportRequest } from '../../../src-shared/ipc/export.js';
import { request } from '../../bridge.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';

export type ExportDialogProps = {
  /** The connection shown, offered as the first scope; null when there is none. */
  connection: { id: string; name: string } | null;
  /** From the Attention view: only the tokens that need attention. */
  attentionOnly: boolean;
  onClose: () => void;
};

type Choice<T extends string> = { value: T; label: string };

function Segmented<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{props.legend}</legend>
      <div className="segmented">
        {props.choices.map((choice) => (
          <label
            key={choice.value}
            className={`segmented__item${props.value === choice.value ? ' segmented__item--on' : ''}`}
          >
            <input
              type="radio"
              name={props.name}
              value={choice.value}
              checked={props.value === choice.value}
              onChange={() => props.onChange(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Export…: the inventory (accounts, tokens, roles, groups, status, expiry, last use, policy state) from
 * the data on this computer, as CSV or JSON, through the system's save dialog. Never a secret: the app
 * keeps none to export.
 */
export function ExportDialog({ connection, attentionOnly, onClose }: ExportDialogProps) {
  const [format, setFormat] = useState<ExportRequest['format']>('csv');
  const [scope, setScope] = useState<'one' | 'all'>(connection && !attentionOnly ? 'one' : 'all');
  const name = useId();
  const run = useMutation({
    mutationFn: (input: ExportRequest) => request((bridge) => bridge.exports.inventory(input)),
  });
  const done = run.data;
  return (
    <Dialog
      title={attentionOnly ? 'Export what needs attention' : 'Export the inventory'}
      onClose={onClose}
      description="Accounts and tokens with their roles, groups, status, expiry, last use and policy state, as TokenDesk last synced them. Never a secret."
    >
      <Segmented
        legend="Format"
        name={`${name}-format`}
        value={format}
        choices={[
          { value: 'csv', label: 'CSV (spreadsheets)' },
          { value: 'json', label: 'JSON' },
        ]}
        onChange={setFormat}
      />
      {connection ? (
        <Segmented
          legend="Connections"
          name={`${name}-scope`}
          value={scope}
          choices={[
            { value: 'one', label: `Only ${connection.name}` },
            { value: 'all', label: 'All connections' },
          ]}
          onChange={setScope}
        />
      ) : null}
      <MutationError mutation={run} prefix="Could not export:" />
      {done ? (
        <p role="status" className="notice notice--info">
          Exported {done.rows.toLocaleString('en')} rows to {done.path}.
        </p>
      ) : null}
      <FormActions
        label="Export…"
        busyLabel="Exporting…"
        busy={run.isPending}
        local
        onAct={() =>
          run.mutate({ connectionId: scope === 'one' && connection ? connection.id : null, attentionOnly, format })
        }
        onCancel={onClose}
        cancelLabel={done ? 'Close' : 'Cancel'}
      />
    </Dialog>
  );
}
