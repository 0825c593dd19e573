import Conf from 'conf';

/**
 * The part of `conf` (and of electron-store, which extends it with the same options) the core uses:
 * a file it reads once through `deserialize` on construction and writes whole, atomically (temp file
 * + rename), through `serialize`, with a fixed file mode.
 */
export interface ConfLike<T> {
  store: T;
  readonly path: string;
}

export interface StoreOptions<T> {
  cwd: string;
  configName: string;
  fileExtension: string;
  serialize: (value: T) => string;
  deserialize: (text: string) => T;
  configFileMode: number;
  clearInvalidConfig: false;
  accessPropertiesByDotNotation: false;
  watch: false;
}

/**
 * Builds a store. Plain Node uses `conf`; the Electron build may pass electron-store. Note that
 * electron-store reads the file name from `name` and overwrites `configName` with it, so its factory
 * must pass `{ ...options, name: options.configName }`.
 */
export type StoreFactory = <T extends Record<string, unknown>>(options: StoreOptions<T>) => ConfLike<T>;

export const confStoreFactory: StoreFactory = <T extends Record<string, unknown>>(options: StoreOptions<T>) =>
  new Conf<T>(options);

/** A file-name-safe timestamp for files set aside (`…corrupt-2025-01-31T10-00-00-000Z`). */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
