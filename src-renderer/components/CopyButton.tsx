import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { request } from '../bridge.js';
import { CheckIcon, CopyIcon } from './icons.js';

export type CopyButtonProps = {
  /** The text copied: a name, an id or a hint, never a secret (secrets go through the reveal's Copy). */
  text: string;
  /** What it is, for the button's name: "Copy ID", "Copy name of ci-main". */
  what: string;
};

/** How long the button shows that it copied. */
const COPIED_MS = 1500;

/**
 * A small icon button that copies a name, id or hint through main's plain clipboard call (not
 * concealed, not cleared: it is not a secret). Its tooltip says what it copies, and "Copied" once done.
 */
export function CopyButton({ text, what }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const copy = useMutation({
    gcTime: 0,
    mutationFn: () => request((bridge) => bridge.clipboard.copyText({ text })),
    onSuccess: () => setCopied(true),
  });
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const name = `Copy ${what}`;
  return (
    <button
      type="button"
      className={`icon-button copy-button${copied ? ' copy-button--done' : ''}`}
      aria-label={name}
      title={copied ? 'Copied' : copy.isError ? 'Could not copy' : name}
      onClick={(event) => {
        // In a clickable row, copying must not also open the row.
        event.stopPropagation();
        copy.mutate();
      }}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span className="visually-hidden" aria-live="polite">
        {copied ? 'Copied' : ''}
      </span>
    </button>
  );
}

export type CopyableTextProps = CopyButtonProps & { className?: string };

/** A name, id or hint shown in full (it wraps), with its copy button beside it. */
export function CopyableText({ text, what, className }: CopyableTextProps) {
  return (
    <span className="copyable">
      <span className={className}>{text}</span>
      <CopyButton text={text} what={what} />
    </span>
  );
}
