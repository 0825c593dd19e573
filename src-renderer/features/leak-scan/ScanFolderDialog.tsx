import { useEffect, useMemo, useState } from 'react';
import type { LeakScanReport, ScanProgress } from '../../../src-shared/ipc/leak-scan.js';
import { api, appErrorOf, request } from '../../bridge.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { FormActions } from '../../components/FormActions.js';
import { plural } from '../bulk/bulk-words.js';
import { ScanResults } from './ScanResults.js';

type Phase = { kind: 'idle' } | { kind: 'scanning' } | { kind: 'done'; report: LeakScanReport };

/**
 * Scan a folder…: main asks for the folder, walks it (respecting .gitignore; binaries and large files
 * skipped) and looks what it finds up on every connection. Found secrets never leave main: the rows
 * show where, the hint and what each server says, with Revoke for live ones.
 */
export function ScanFolderDialog({ onClose }: { onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [stopping, setStopping] = useState(false);
  useEffect(() => api().events.onLeakScanProgress(setProgress), []);
  const scanning = phase.kind === 'scanning';

  const start = async () => {
    setError(null);
    setProgress(null);
    setStopping(false);
    setPhase({ kind: 'scanning' });
    try {
      const report = await request((bridge) => bridge.leakScan.run());
      setPhase(report ? { kind: 'done', report } : { kind: 'idle' });
    } catch (failure) {
      setError(failure);
      setPhase({ kind: 'idle' });
    }
  };
  const stop = () => {
    setStopping(true);
    void request((bridge) => bridge.leakScan.cancel()).catch(() => undefined);
  };

  const summary = useMemo(() => (phase.kind === 'done' ? scanSummary(phase.report) : null), [phase]);

  return (
    <Dialog
      title="Scan a folder for leaked tokens"
      onClose={scanning ? stop : onClose}
      escapeCloses={!scanning}
      size="large"
      description="Looks for TokenDesk tokens in the files of a folder, as Git sees it: files .gitignore leaves out, binaries and files over 1 MB are skipped. What it finds stays on this computer; only a digest of each token goes to your servers to ask whose it is."
    >
      {error ? <ErrorMessage error={appErrorOf(error)} prefix="The scan failed:" /> : null}
      {scanning ? (
        <div className="bulk-progress" role="status">
          <span>
            {stopping ? 'Stopping…' : 'Scanning…'} {plural(progress?.filesScanned ?? 0, 'file')} read
            {progress?.filesSkipped ? `, ${progress.filesSkipped.toLocaleString('en')} skipped` : ''}.
          </span>
          <progress className="bulk-progress__bar" aria-label="Scan progress" />
          {progress?.currentFile ? <span className="muted small scan__file">{progress.currentFile}</span> : null}
        </div>
      ) : null}
      {phase.kind === 'done' ? (
        <>
          <p className="scan__summary" role="status">
            {summary}
          </p>
          <ScanResults report={phase.report} />
        </>
      ) : null}
      <FormActions
        label={scanning ? 'Stop' : phase.kind === 'done' ? 'Scan another folder…' : 'Choose a folder…'}
        busy={scanning && stopping}
        busyLabel="Stopping…"
        tone={scanning ? 'danger' : 'primary'}
        local
        onAct={scanning ? stop : () => void start()}
        onCancel={scanning ? undefined : onClose}
        cancelLabel="Close"
      />
    </Dialog>
  );
}

/** The scan in one paragraph: how much was read, what was skipped, what was found. */
export function scanSummary(report: LeakScanReport): string {
  const { binary, tooLarge, unreadable } = report.skipped;
  const skipped = [
    binary ? `${binary.toLocaleString('en')} binary` : null,
    tooLarge ? `${tooLarge.toLocaleString('en')} over 1 MB` : null,
    unreadable ? `${unreadable.toLocaleString('en')} unreadable` : null,
  ].filter(Boolean);
  const parts = [
    `${report.cancelled ? 'Stopped after reading' : 'Read'} ${plural(report.filesScanned, 'file')} in ${report.root}${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}.`,
    report.findings.length === 0
      ? 'No TokenDesk token was found.'
      : `Found ${plural(report.findings.length, 'token')} in the files.`,
    report.badChecksum
      ? `${plural(report.badChecksum, 'string')} looked like a token but failed the checksum, so ${report.badChecksum === 1 ? 'it is' : 'they are'} not one.`
      : null,
    report.truncated ? 'The scan stopped at 10,000 tokens: clean those up and scan again.' : null,
  ];
  return parts.filter(Boolean).join(' ');
}
