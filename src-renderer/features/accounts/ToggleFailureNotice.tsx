import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store.js';

export type ToggleFailureNoticeProps = {
  /** Only this account's failure (detail header); any (list). */
  accountId?: string;
};

/** An enable/disable the server refused: what is still true, then the server's own words. */
export function ToggleFailureNotice({ accountId }: ToggleFailureNoticeProps) {
  const { failure, dismiss } = useAppStore(
    useShallow((state) => ({ failure: state.toggleFailure, dismiss: state.dismissToggleFailure })),
  );
  if (!failure || (accountId !== undefined && failure.accountId !== accountId)) return null;
  const verb = failure.wanted ? 'enable' : 'disable';
  const still = failure.wanted ? 'disabled' : 'enabled';
  return (
    <div className="notice notice--error notice--inline" role="alert" data-code={failure.error.code}>
      <p>
        <strong>
          Could not {verb} {failure.accountName}; it is still {still}.
        </strong>{' '}
        {failure.error.message || 'Something went wrong.'}
      </p>
      <button type="button" className="button button--small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
