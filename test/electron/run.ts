/**
 * `node --import tsx test/electron/run.ts [--json FILE]`: the Electron app suite as npm test runs it
 * (scripts/test-all.mjs). Exits non-zero only when a test failed; a skip is not a failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runElectronSuite } from './suite.js';

const jsonAt = process.argv.indexOf('--json');
const jsonFile = jsonAt > 0 ? resolve(process.argv[jsonAt + 1]!) : null;
const workDir = resolve('test-results/electron');
mkdirSync(workDir, { recursive: true });
const report = runElectronSuite({ workDir });
if (jsonFile) {
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(report));
}
process.exit(report.failed > 0 ? 1 : 0);
