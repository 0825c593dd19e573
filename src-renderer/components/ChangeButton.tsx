import type { ButtonHTMLAttributes } from 'react';
import { useCanChange } from './use-can-change.js';

export type ChangeButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  /** Why the admin may not do this (pre-flight from their roles and groups); null or absent when they may. */
  blockedReason?: string | null | undefined;
};

/**
 * A button for an action that changes server data. Offline, or when the admin's roles or groups do
 * not allow it, it is disabled and its tooltip (and accessible description) says why, so the reason
 * is never a mystery. Offline is said first: nothing can change until the server is back.
 */
export function ChangeButton({ blockedReason, ...rest }: ChangeButtonProps) {
  const { canChange, reason } = useCanChange();
  return <GatedButton {...rest} blockedReason={canChange ? (blockedReason ?? null) : reason} />;
}

/**
 * ChangeButton for a caller that has already asked whether the app is offline (its `blockedReason`
 * says so first, as a Gate's does): a list row, which must not subscribe to the cache itself.
 */
export function GatedButton({ disabled, title, type, blockedReason, ...rest }: ChangeButtonProps) {
  const why = blockedReason ?? null;
  return <button {...rest} type={type ?? 'button'} disabled={disabled === true || why !== null} title={why ?? title} />;
}
