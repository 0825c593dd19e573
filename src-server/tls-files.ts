import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { UsageError } from './cli-args.js';
import type { TlsFiles } from './http/tls.js';

/**
 * `--tls-cert FILE --tls-key FILE`, both or neither. Files that cannot be read, or that do not hold a
 * certificate and its matching key, are usage errors (one line, exit 2) at start, not a crash later.
 */
export function readTlsFiles(certPath: string | undefined, keyPath: string | undefined): TlsFiles | null {
  if (certPath === undefined && keyPath === undefined) return null;
  if (certPath === undefined) throw new UsageError('--tls-key needs --tls-cert too.');
  if (keyPath === undefined) throw new UsageError('--tls-cert needs --tls-key too.');
  const files = { cert: read('tls-cert', certPath), key: read('tls-key', keyPath) };
  try {
    createSecureContext(files);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new UsageError(`--tls-cert and --tls-key are not a usable certificate and key (${why}).`);
  }
  return files;
}

function read(flag: string, path: string): Buffer {
  if (path.trim() === '') throw new UsageError(`--${flag} needs a file path.`);
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`--${flag} ${path} cannot be read (${code}).`);
  }
}
