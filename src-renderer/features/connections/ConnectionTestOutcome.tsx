import type { AppError } from '../../../src-shared/errors.js';
import type { ConnectionTestResult } from '../../../src-shared/ipc/models.js';
import { Spinner } from '../../components/Spinner.js';
import { describeTestResult } from './describe-test.js';

export type ConnectionTestOutcomeProps = {
  testing: boolean;
  result: ConnectionTestResult | null;
  error: AppError | null;
  note: string | null;
};

/** The answer to "Test connection": who we are on that server, or why it did not work. */
export function ConnectionTestOutcome({ testing, result, error, note }: ConnectionTestOutcomeProps) {
  return (
    <div className="test-outcome" role="status" aria-label="Connection test">
      {testing ? (
        <p className="test-outcome__pending">
          <Spinner /> Testing connection…
        </p>
      ) : result ? (
        <p className="test-outcome__ok">
          <span aria-hidden="true">✓ </span>
          {describeTestResult(result)}
        </p>
      ) : error ? (
        <p className="test-outcome__error" data-code={error.code}>
          {error.message}
        </p>
      ) : null}
      {note && (result || error) ? <p className="field__hint">{note}</p> : null}
    </div>
  );
}
