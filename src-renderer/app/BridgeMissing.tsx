import { EmptyState } from '../components/EmptyState.js';

/** Shown if the page is opened without the preload (e.g. straight from disk in a browser). */
export function BridgeMissing() {
  return (
    <main className="content">
      <EmptyState title="TokenDesk cannot start">
        <p>This window has no connection to the TokenDesk app. Open TokenDesk itself rather than this file.</p>
      </EmptyState>
    </main>
  );
}
