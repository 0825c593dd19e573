/** Any `{ code, message }`: an IPC AppError or the error inside a SyncStatus. */
export type ErrorMessageProps = { error: { code: string; message: string }; prefix?: string };

/** An IPC error where it happened, in the words main (or the server) used. */
export function ErrorMessage({ error, prefix }: ErrorMessageProps) {
  return (
    <p className="error-message" role="alert" data-code={error.code}>
      {prefix ? `${prefix} ` : ''}
      {error.message || 'Something went wrong.'}
    </p>
  );
}
