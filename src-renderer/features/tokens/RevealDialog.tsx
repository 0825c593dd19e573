import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { TokenMeta } from '../../../src-shared/api/models.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TARGET_LABELS, type SaveResult, type TargetKind } from '../../../src-shared/ipc/password-managers.js';
import { request } from '../../bridge.js';
import { closeRevealSoon, keepReveal, revealOf } from '../../data/reveal-ids.js';
import { SECRET_FORMATS, formatSecret, type SecretFormat } from '../../lib/secret-formats.js';
import { CopyAsMenu } from './CopyAsMenu.js';
import { SaveToDialog } from './SaveToDialog.js';

export type RevealDialogProps = {
  /** The one copy of the secret in the renderer: from the create/rotate answer, gone when this closes. */
  secret: string;
  token: TokenMeta;
  /** Rotation says so, and names what happens to the old secret. */
  reason: 'created' | 'rotated';
  onDone: () => void;
  /** Extra words for this reveal (a new member's first token is for someone else to use). */
  note?: string;
};

export const REVEAL_WARNING =
  'Copy and store this token in your password manager now. This is the only time it will be displayed.';

/** `seconds`: the delay as it was at copy time, for the one-off screen-reader announcement. */
type Copied = { format: SecretFormat; clearsAt: number; seconds: number };

/**
 * The one-time reveal. The secret is shown once, copied through main (which clears the
 * clipboard later), and the dialog cannot be dismissed until the admin says they stored it. The secret
 * is never put in a title, aria-label, store, URL or log: only in the text of the box below.
 */
export function RevealDialog({ secret, token, reason, onDone, note }: RevealDialogProps) {
  const [stored, setStored] = useState(false);
  const [copied, setCopied] = useState<Copied | null>(null);
  const [saving, setSaving] = useState<TargetKind | 'choose' | null>(null);
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const labelId = useId();
  // Main holds the secret under this id for Save to… until the dialog closes; then it drops it.
  const [reveal] = useState(() => revealOf(token.id));
  useEffect(() => {
    if (!reveal) return;
    keepReveal(reveal.revealId);
    return () =>
      closeRevealSoon(token.id, reveal.revealId, (revealId) => {
        void request((bridge) => bridge.reveal.close({ revealId })).catch(() => undefined);
      });
  }, [reveal, token.id]);
  // The mutation's variables are the format only: the secret stays in this dialog's props.
  const copy = useMutation({
    gcTime: 0,
    mutationFn: (format: SecretFormat) =>
      request((bridge) => bridge.clipboard.copy({ text: formatSecret(format, secret) })),
    onSuccess: (answer, format) => {
      const clearsAt = Date.parse(answer.clearsAt);
      setCopied({ format, clearsAt, seconds: Math.max(0, Math.round((clearsAt - Date.now()) / 1000)) });
    },
  });

  return (
    <Dialog
      title="Copy your new token"
      size="medium"
      onClose={onDone}
      escapeCloses={stored}
      description={
        reason === 'created' ? (
          <p>
            Token <strong>{token.name}</strong> was created.
          </p>
        ) : (
          <p>
            Token <strong>{token.name}</strong> has a new secret. Replace the old one wherever it is used.
          </p>
        )
      }
    >
      <div className="reveal">
        <p className="notice notice--error reveal__warning">{REVEAL_WARNING}</p>
        {note ? <p className="notice notice--info">{note}</p> : null}
        <div className="reveal__box">
          <span id={labelId} className="field__label">
            Token
          </span>
          <code className="mono reveal__secret" aria-labelledby={labelId} data-testid="revealed-secret">
            {secret}
          </code>
        </div>
        <div className="reveal__actions">
          <button type="button" className="button button--primary" data-autofocus onClick={() => copy.mutate('raw')}>
            Copy
          </button>
          <CopyAsMenu onPick={(format) => copy.mutate(format)} />
          {reveal ? (
            <button type="button" className="button" onClick={() => setSaving(reveal.savedTo?.kind ?? 'choose')}>
              Save to…
            </button>
          ) : null}
          {/* Keyed by the copy, so each copy starts its own countdown. */}
          {copied ? <CopyCountdown key={`${copied.format}-${copied.clearsAt}`} copied={copied} /> : null}
        </div>
        <MutationError mutation={copy} prefix="Could not copy:" />
        {reveal?.savedTo && !saved ? (
          <div className="notice notice--info reveal__saved-before">
            <span>
              This token was saved to {TARGET_LABELS[reveal.savedTo.kind]} as <code>{reveal.savedTo.entryTitle}</code>.
            </span>
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => setSaving(reveal.savedTo!.kind)}
            >
              Update the entry in {TARGET_LABELS[reveal.savedTo.kind]}
            </button>
          </div>
        ) : null}
        {saved ? (
          <p className="notice notice--info" role="status">
            <span>
              {saved.updated ? 'Updated' : 'Saved'} in {TARGET_LABELS[saved.kind]} as <code>{saved.entryTitle}</code>.
            </span>
          </p>
        ) : null}
        <label className="checkbox reveal__stored">
          <input type="checkbox" checked={stored} onChange={(event) => setStored(event.target.checked)} />I have stored
          this token in a safe place
        </label>
        <FormActions
          label="Done"
          local
          disabled={!stored}
          title={stored ? undefined : 'Tick “I have stored this token in a safe place” first'}
          onAct={onDone}
        />
      </div>
      {saving && reveal ? (
        <SaveToDialog
          revealId={reveal.revealId}
          kind={saving === 'choose' ? undefined : saving}
          onSaved={(result) => {
            setSaved(result);
            setSaving(null);
            setStored(true);
          }}
          onClose={() => setSaving(null)}
        />
      ) : null}
    </Dialog>
  );
}

type CopyCountdownProps = { copied: Copied };

/**
 * "Clipboard clears in 30 s", ticking. The ticking text is hidden from screen readers (it would be
 * read out every second); a status line says it once per copy.
 */
function CopyCountdown({ copied }: CopyCountdownProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((copied.clearsAt - now) / 1000));
  const what = SECRET_FORMATS.find((f) => f.id === copied.format)?.label ?? 'Token';
  const text = left > 0 ? `Clipboard clears in ${left} s` : 'Clipboard cleared';
  return (
    <span className="reveal__copied">
      <span aria-hidden="true">
        Copied{copied.format === 'raw' ? '' : ` (${what})`} · {text}
      </span>
      <span role="status" className="visually-hidden">
        {`Copied ${what === 'Token' ? 'the token' : `as ${what}`}. The clipboard clears in ${copied.seconds} seconds.`}
      </span>
    </span>
  );
}
