import type { KeyringInfo } from '../../src-shared/ipc/models.js';
import { keychainDetail, NO_KEYCHAIN_SUMMARY } from '../lib/keychain-words.js';

export type KeyringNoticeProps = {
  keyring: KeyringInfo;
  /** `brief` where the token is typed: what it means for this token, without the why and how-to. */
  brief?: boolean;
};

/**
 * Shown when the OS offers no secure keychain (none, or Linux `basic_text`): main then writes no
 * token and no cached data to disk, and this says so where the user enters a token or sees the list.
 */
export function KeyringNotice({ keyring, brief = false }: KeyringNoticeProps) {
  return (
    <div className="notice notice--warn" role="note">
      <p>
        <strong>{NO_KEYCHAIN_SUMMARY}</strong>{' '}
        {brief ? 'You will enter this token again the next time you start TokenDesk.' : keychainDetail(keyring)}
      </p>
    </div>
  );
}
