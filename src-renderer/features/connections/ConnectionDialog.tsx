import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { ConnectionView } from '../../../src-shared/ipc/models.js';
import { isSameServer } from '../../../src-shared/ipc/server-address.js';
import { UntrustedCertificateDetails, type CertificateInfo } from '../../../src-shared/ipc/tls.js';
import { appErrorOf } from '../../bridge.js';
import { Dialog } from '../../components/Dialog.js';
import { useTouched } from '../../components/use-touched.js';
import { useUnsaved } from '../../components/use-unsaved.js';
import { FormActions } from '../../components/FormActions.js';
import { MutationError } from '../../components/MutationError.js';
import { TextAreaField } from '../../components/TextAreaField.js';
import { TextField } from '../../components/TextField.js';
import { Concealed } from '../../data/concealed.js';
import { appInfoQuery } from '../../data/queries.js';
import { fieldErrorsFromDetails } from '../../lib/field-errors.js';
import {
  CONNECTION_FIELDS,
  emptyForm,
  formFromConnection,
  serverChanged,
  toConnectionInput,
  validateConnectionForm,
  type ConnectionField,
  type ConnectionFormValues,
} from '../../lib/connection-form.js';
import { useSaveConnection, useTestConnection, type SaveRequest } from './connection-mutations.js';
import { CertificateTrustDialog } from './CertificateTrustDialog.js';
import { ConnectionTestOutcome } from './ConnectionTestOutcome.js';
import { KeyringNotice } from '../../components/KeyringNotice.js';

export type ConnectionDialogProps = {
  /** The connection to edit; absent to add a new one. */
  connection?: ConnectionView;
  onClose: () => void;
  onSaved: (connection: ConnectionView) => void;
};

/** A certificate the user is asked about, and what to do again once they trust it. */
type PendingTrust = { certificate: CertificateInfo; retry: 'test' | 'save' };

/** The certificate a refusal offers for trust (`certificate_untrusted`); null for any other failure. */
function offeredCertificate(error: unknown): CertificateInfo | null {
  const appError = appErrorOf(error);
  if (appError.code !== 'certificate_untrusted') return null;
  const details = UntrustedCertificateDetails.safeParse(appError.details);
  return details.success ? details.data.certificate : null;
}

function hostOf(url: string): string {
  return URL.canParse(url.trim()) ? new URL(url.trim()).host : url;
}

/**
 * Add or edit a connection. The values, token included, live only in this component's state and go
 * to the bridge in a Concealed box (connection-mutations.ts); the caches only learn the outcome.
 */
export function ConnectionDialog({ connection, onClose, onSaved }: ConnectionDialogProps) {
  const mode = connection ? 'edit' : 'add';
  const [values, setValues] = useState<ConnectionFormValues>(() =>
    connection ? formFromConnection(connection) : emptyForm(),
  );
  // A field's own error shows once it was changed and left, or after a try to save or test.
  const touch = useTouched<ConnectionField>();
  const form = useRef<HTMLFormElement>(null);
  const keyring = useQuery(appInfoQuery()).data?.keyring ?? null;
  const save = useSaveConnection();
  const test = useTestConnection();
  // Stores a trusted key on a saved connection at once (Trust), apart from the form's own Save.
  const pin = useSaveConnection();
  const [trust, setTrust] = useState<PendingTrust | null>(null);
  const [certificatesOpen, setCertificatesOpen] = useState(
    () => (connection?.caCertificate ?? connection?.pinnedKey ?? null) !== null,
  );
  // Field messages main sent back with a refused save (its own schema check).
  const saveFieldErrors = save.error ? fieldErrorsFromDetails(appErrorOf(save.error).details, CONNECTION_FIELDS) : {};

  const validated = validateConnectionForm(values, connection);
  const offerTrust = (retry: PendingTrust['retry']) => (error: unknown) => {
    const certificate = offeredCertificate(error);
    if (certificate) setTrust({ certificate, retry });
  };
  // Main refuses to send the saved token to another server; say so before Save, not after.
  const needsToken = connection !== undefined && serverChanged(values, connection.url);
  const localErrors = validated.ok ? {} : validated.errors;
  const errorFor = (field: ConnectionField) =>
    touch.shows(field) ? (localErrors[field] ?? saveFieldErrors[field]) : saveFieldErrors[field];

  function change<K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    touch.change(key);
    // A result for other values would mislead.
    if (test.data || test.error) test.reset();
  }

  /** What each field's TextField is given: its value, its message, and its name to focus it by. */
  const bind = (field: ConnectionField) => ({
    value: values[field],
    onChange: (value: string) => change(field, value),
    onBlur: touch.blurOf(field),
    error: errorFor(field),
    name: field,
    autoComplete: 'off',
  });

  function revealErrors(): void {
    touch.submit();
    if (validated.ok) return;
    const first = CONNECTION_FIELDS.find((field) => validated.errors[field]);
    const input = first ? form.current?.elements.namedItem(first) : null;
    if (input instanceof HTMLInputElement) input.focus();
  }

  function runSave(current: typeof validated) {
    if (!current.ok) return;
    const request: SaveRequest | null =
      current.mode === 'add'
        ? { mode: 'add', input: current.input }
        : connection
          ? { mode: 'edit', id: connection.id, patch: current.patch }
          : null;
    if (request) save.mutate(new Concealed(request), { onSuccess: onSaved, onError: offerTrust('save') });
  }

  function runTest(current: typeof validated, currentValues: ConnectionFormValues) {
    if (!current.ok) return;
    const onError = offerTrust('test');
    // Without a new token the saved one is used, which main looks up by id.
    if (current.mode === 'add') test.mutate(new Concealed(current.input), { onError });
    else if (current.keepsToken && connection) test.mutate({ id: connection.id }, { onError });
    else test.mutate(new Concealed(toConnectionInput(currentValues)), { onError });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    if (!validated.ok) return revealErrors();
    runSave(validated);
  }

  function onTest() {
    if (!validated.ok) return revealErrors();
    runTest(validated, values);
  }

  /**
   * Trust: the certificate's key is pinned to the connection, then what was refused runs again; only
   * now does the token go. A saved connection stores the pin at once; a new one carries it in the
   * form and stores it with Save.
   */
  function onTrust() {
    if (!trust) return;
    const next = { ...values, pinnedKey: trust.certificate.pin };
    setValues(next);
    setCertificatesOpen(true);
    setTrust(null);
    if (test.data || test.error) test.reset();
    const retry = () => {
      const again = validateConnectionForm(next, connection && { ...connection, pinnedKey: next.pinnedKey });
      if (trust.retry === 'save') runSave(again);
      else runTest(again, next);
    };
    // A pin belongs to the server it came from: a saved connection takes it at once only when the
    // form still points at its server; otherwise it goes with Save, like a new connection's.
    if (!connection || !isSameServer(next.url, connection.url)) return retry();
    const request: SaveRequest = { mode: 'edit', id: connection.id, patch: { pinnedKey: next.pinnedKey } };
    pin.mutate(new Concealed(request), { onSuccess: retry });
  }

  const edited =
    connection !== undefined &&
    (values.name.trim() !== connection.name ||
      values.url.trim() !== connection.url ||
      values.domain !== connection.domain ||
      values.caCertificate.trim() !== (connection.caCertificate ?? '') ||
      values.pinnedKey.trim() !== (connection.pinnedKey ?? ''));
  const testsSavedSettings = mode === 'edit' && values.token.trim() === '' && edited;

  const showCertificates =
    certificatesOpen || errorFor('caCertificate') !== undefined || errorFor('pinnedKey') !== undefined;
  const unsaved = useUnsaved(values);
  return (
    <Dialog title={mode === 'add' ? 'Add connection' : 'Edit connection'} onClose={onClose} dirty={unsaved}>
      <form ref={form} className="form" noValidate onSubmit={onSubmit} aria-label="Connection">
        <TextField label="Name" {...bind('name')} placeholder="Production" />
        <TextField
          label="Server URL"
          {...bind('url')}
          placeholder="https://tokens.example.com"
          type="url"
          spellCheck={false}
        />
        <TextField
          label="Domain"
          {...bind('domain')}
          hint="The tenant on the server; a new server has only “default”."
          spellCheck={false}
        />
        <TextField
          label="Admin token"
          {...bind('token')}
          type="password"
          spellCheck={false}
          required={mode === 'add' || needsToken}
          placeholder={mode === 'edit' && !needsToken ? 'Leave blank to keep the current token' : 'tdk_pt_…'}
          hint={
            needsToken
              ? 'Required: the server address changed, and TokenDesk sends the saved token only to the address it was entered for.'
              : mode === 'edit'
                ? 'Leave blank to keep the current token. A token you enter is never shown again.'
                : 'Paste the admin’s personal token. It is never shown again after you save.'
          }
        />
        <details
          className="form__more"
          open={showCertificates}
          onToggle={(event) => setCertificatesOpen(event.currentTarget.open)}
        >
          <summary>Certificates (optional)</summary>
          {/* Rendered only while open: hidden fields would still be found (and tabbed past) in a closed one. */}
          {showCertificates ? (
            <div className="form__more-fields">
              <TextAreaField
                label="Certificate authority"
                {...bind('caCertificate')}
                rows={3}
                spellCheck={false}
                placeholder="-----BEGIN CERTIFICATE-----"
                hint="Your organization’s own authority, in PEM form, if the server’s certificate is signed by it. The computer’s trusted authorities are always used as well."
              />
              <TextField
                label="Pinned server key"
                {...bind('pinnedKey')}
                spellCheck={false}
                placeholder="sha256//…"
                hint="Accept only a server with this public key (SHA-256, as curl writes it). Set for you when you trust a certificate."
              />
            </div>
          ) : null}
        </details>
        {keyring && !keyring.secure ? <KeyringNotice keyring={keyring} brief /> : null}

        <ConnectionTestOutcome
          testing={test.isPending}
          result={test.data ?? null}
          error={test.error ? appErrorOf(test.error) : null}
          note={
            testsSavedSettings
              ? 'Tested with the saved settings: save first, or enter the token, to test your changes.'
              : null
          }
        />
        <MutationError mutation={save} prefix="Could not save:" />
        <MutationError mutation={pin} prefix="Could not trust the certificate:" />

        <FormActions label="Save" busyLabel="Saving…" busy={save.isPending} local onCancel={onClose}>
          <button type="button" className="button" onClick={onTest} disabled={test.isPending}>
            Test connection
          </button>
        </FormActions>
      </form>
      {trust ? (
        <CertificateTrustDialog
          server={hostOf(values.url)}
          certificate={trust.certificate}
          busy={pin.isPending}
          onTrust={onTrust}
          onCancel={() => setTrust(null)}
        />
      ) : null}
    </Dialog>
  );
}
