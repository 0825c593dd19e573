import type { ConnectionView } from '../../../src-shared/ipc/models.js';

type Credential = ConnectionView['credential'];

/** Where the token is kept, in the words the Connections list uses, with a longer explanation. */
export const CREDENTIAL_LABELS: Record<Credential, { label: string; explanation: string; tone: string }> = {
  keychain: {
    label: 'Keychain',
    explanation: 'Encrypted with the operating system keychain.',
    tone: 'badge--ok',
  },
  memory: {
    label: 'Memory only',
    explanation: 'Kept in memory until TokenDesk quits; you will need to enter it again next time.',
    tone: 'badge--info',
  },
  'disk-insecure': {
    label: 'Disk without keychain',
    explanation: 'Stored on disk without keychain protection, because this computer has no secure keychain.',
    tone: 'badge--warn',
  },
  missing: {
    label: 'Missing',
    explanation: 'No token is stored for this connection. Edit it and enter the token again.',
    tone: 'badge--danger',
  },
};
