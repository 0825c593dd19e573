/**
 * Whether the Electron app suite can run here: only where Electron's binary is already installed.
 * Looking never downloads it (a download is `npm start`'s business, with its timeout): npm test on a
 * machine without the binary, or without a network to fetch it, reports the suite as skipped.
 */
import { ELECTRON_PACKAGE_DIR, installedElectronBinary } from '../../scripts/electron-binary.js';

export type ElectronSuite = { run: true; binary: string } | { run: false; reason: string };

export function electronSuite(packageDir = ELECTRON_PACKAGE_DIR, env: NodeJS.ProcessEnv = process.env): ElectronSuite {
  const binary = installedElectronBinary(packageDir, env);
  return binary
    ? { run: true, binary }
    : {
        run: false,
        reason:
          'the Electron binary is not installed (node_modules/electron/path.txt is missing; `npx install-electron` fetches it)',
      };
}

/** The one line npm test prints for a skipped suite. */
export function skipLine(reason: string): string {
  return `Electron app tests skipped: ${reason}.`;
}
