import type { KeyringInfo } from '../../../src-shared/ipc/models.js';
import { KeyringNotice } from '../../components/KeyringNotice.js';
import { keychainDetail } from '../../lib/keychain-words.js';

export type StorageSectionProps = { keyring: KeyringInfo };

/** Where tokens and cached data live on this computer: plainly, and never more protected than they are. */
export function StorageSection({ keyring }: StorageSectionProps) {
  return (
    <section className="settings__section" aria-labelledby="settings-storage">
      <h2 id="settings-storage" className="settings__title">
        Data on this computer
      </h2>
      {keyring.secure ? <p>{keychainDetail(keyring)}</p> : <KeyringNotice keyring={keyring} />}
    </section>
  );
}
