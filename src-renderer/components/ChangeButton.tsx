import type { ButtonHTMLAttributes } from 'react';
import { useCanChange } from './use-can-change.js';

export type ChangeButtonProps = ButtonHTMLAttributes<HTMLButtonElement>;

/**
 * A button for an action that changes server data. Offline it is disabled and its tooltip (and
 * accessible description) says why, so the reason is never a mystery.
 */
export function ChangeButton({ disabled, title, type, ...rest }: ChangeButtonProps) {
  const { canChange, reason } = useCanChange();
  return (
    <button
      {...rest}
      type={type ?? 'button'}
      disabled={disabled === true || !canChange}
      title={canChange ? title : reason}
    />
  );
}
