import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

let cached: Promise<string> | undefined;

/**
 * Bundles bridge-entry.ts (and the shared contract it imports) into one script for addInitScript,
 * with the same bundler that builds the app.
 */
export function bridgeScript(): Promise<string> {
  cached ??= build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      write: false,
      target: 'chrome120',
      minify: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry: fileURLToPath(new URL('./bridge-entry.ts', import.meta.url)), formats: ['iife'], name: 'bridge' },
    },
  }).then((result) => {
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunks = outputs.flatMap((output) => output.output).filter((file) => file.type === 'chunk');
    if (chunks.length !== 1) throw new Error(`The bridge script bundled into ${chunks.length} chunks, not one.`);
    return chunks[0]!.code;
  });
  return cached;
}
