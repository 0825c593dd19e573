import type { ConnectionView } from '../../../src-shared/ipc/models.js';

type Credential = ConnectionView['credential'];

/** Where the token is kept, in the words the Connections list uses, with a longer explanation. */
export const CREDENTIAL_LABELS: Record<Credential, { label: string; explanation: string; tone: string }> = {
  keychain: {
    label: 'Keychain',
    explanation: 'Encrypted with the operating system keychain and kept between sessions.',
    tone: 'badge--ok',
  },
  passphrase: {
    label: 'Passphrase',
    explanation: 'Encrypted with a key only your TokenDesk passphrase opens, and kept between sessions.',
    tone: 'badge--ok',
  },
  memory: {
    label: 'Memory only',
    explanation:
      'Not written to disk: kept in memory until TokenDesk quits; you will need to enter it again next time.',
    tone: 'badge--info',
  },
  missing: {
    label: 'Missing',
    explanation: 'TokenDesk does not have the token for this connection. Edit it and enter the token again.',
    tone: 'badge--danger',
  },
};
