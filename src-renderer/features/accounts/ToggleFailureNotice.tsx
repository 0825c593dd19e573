import { useSelectedConnectionId } from '../../data/connection-data.js';
import { useEnabledFailure } from './account-mutations.js';

export type ToggleFailureNoticeProps = {
  /** Only this account's failure (detail header); any (list). */
  accountId?: string;
};

/** An enable/disable the server refused: what is still true, then the server's own words. */
export function ToggleFailureNotice({ accountId }: ToggleFailureNoticeProps) {
  const failure = useEnabledFailure(useSelectedConnectionId(), accountId);
  if (!failure) return null;
  const verb = failure.enabled ? 'enable' : 'disable';
  const still = failure.enabled ? 'disabled' : 'enabled';
  return (
    <div className="notice notice--error notice--inline" role="alert" data-code={failure.error.code}>
      <p>
        <strong>
          Could not {verb} {failure.accountName}; it is still {still}.
        </strong>{' '}
        {failure.error.message || 'Something went wrong.'}
      </p>
      <button type="button" className="button button--small" onClick={failure.dismiss}>
        Dismiss
      </button>
    </div>
  );
}
