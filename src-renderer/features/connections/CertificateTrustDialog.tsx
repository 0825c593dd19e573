import type { CertificateInfo } from '../../../src-shared/ipc/tls.js';
import { Dialog } from '../../components/Dialog.js';
import { FormActions } from '../../components/FormActions.js';

export type CertificateTrustDialogProps = {
  /** The server as the user typed it (host and port). */
  server: string;
  certificate: CertificateInfo;
  busy: boolean;
  onTrust: () => void;
  onCancel: () => void;
};

/** "2026-12-02T10:00:00.000Z" → "2 Dec 2026" in the user's own words for dates. */
function day(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A fingerprint wraps between its hex pairs, never inside one (so two lines compare pair by pair). */
function breakable(fingerprint: string) {
  return fingerprint.split(':').map((pair, index) => (
    <span key={index}>
      {index > 0 ? ':' : null}
      {index > 0 ? <wbr /> : null}
      {pair}
    </span>
  ));
}

/**
 * The first time a server presents a certificate no trusted authority signed (self-signed, or a
 * private CA the app does not know), the user decides, as SSH asks about an unknown host key: its
 * fingerprint to compare with the administrator's, then Trust (its key is pinned to the connection
 * and only then is the token sent) or Cancel. Never shown for a pinned key that changed.
 */
export function CertificateTrustDialog({ server, certificate, busy, onTrust, onCancel }: CertificateTrustDialogProps) {
  return (
    <Dialog
      title="Check this server’s certificate"
      size="medium"
      onClose={onCancel}
      description={`TokenDesk can’t confirm that ${server} is the server you mean: its certificate is not signed by an authority this computer trusts. Nothing has been sent to it.`}
    >
      <dl className="certificate-facts">
        <dt>Fingerprint (SHA-256)</dt>
        <dd className="certificate-facts__code">{breakable(certificate.fingerprint)}</dd>
        <dt>Public key</dt>
        <dd className="certificate-facts__code">{certificate.pin}</dd>
        <dt>Issued to</dt>
        <dd>{certificate.subject || '(no name)'}</dd>
        <dt>Issued by</dt>
        <dd>{certificate.issuer || '(no name)'}</dd>
        <dt>Valid</dt>
        <dd>
          {day(certificate.validFrom)} to {day(certificate.validTo)}
        </dd>
      </dl>
      <p>
        Ask the server’s administrator for its fingerprint and compare. Trust it only if they match: this connection
        then accepts this key and no other, and warns you if it ever changes.
      </p>
      <FormActions
        label="Trust and connect"
        busyLabel="Connecting…"
        busy={busy}
        local
        onAct={onTrust}
        onCancel={onCancel}
      />
    </Dialog>
  );
}
