import type { LockStatus } from '../../../src-shared/ipc/lock.js';
import { lockCalls, PassphraseForm } from './PassphraseForm.js';

export type LockScreenProps = { status: LockStatus };

/**
 * All a locked app shows: no sidebar, no data, nothing read from main but the lock's status. A right
 * passphrase reloads the page, so the app starts afresh over the session main has just opened.
 */
export function LockScreen({ status }: LockScreenProps) {
  return (
    <main className="lock-screen">
      <div className="lock-screen__card">
        <h1 className="lock-screen__title">TokenDesk is locked</h1>
        {status.problem ? (
          <p className="error-message" role="alert">
            {status.problem}
          </p>
        ) : (
          <PassphraseForm
            action="Unlock"
            send={lockCalls.unlock}
            onDone={() => window.location.reload()}
            touchId={status.touchIdReady}
            waitSeconds={status.retryAfterSeconds}
          >
            <p className="muted">Enter your passphrase to open your connections and tokens.</p>
          </PassphraseForm>
        )}
      </div>
    </main>
  );
}
