import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { moveAside } from './atomic-file.js';

type Values = Record<string, unknown>;

/**
 * The part of `conf` (and of electron-store, which extends it) the app uses, for its small JSON files:
 * the settings and the list of connections. conf writes the file whole, atomically, with a fixed mode.
 */
export interface ConfLike<T extends Values> {
  readonly path: string;
  readonly store: T;
  set(values: Partial<T>): void;
}

export interface StoreOptions {
  cwd: string;
  configName: string;
  fileExtension: 'json';
  configFileMode: number;
  clearInvalidConfig: false;
  accessPropertiesByDotNotation: false;
  watch: false;
}

/**
 * Builds a store. Plain Node uses `conf`; the Electron build passes electron-store, which takes the
 * file name as `name` and sets conf's `configName` from it.
 */
export type StoreFactory = <T extends Values>(options: StoreOptions) => ConfLike<T>;

export const confStoreFactory: StoreFactory = <T extends Values>(options: StoreOptions) => new Conf<T>(options);

export interface ConfFile<T> {
  conf: ConfLike<Values>;
  /** What the file held, parsed; null when there was no file. */
  value: T | null;
  /** Set when the file could not be read or parsed and was moved aside (or dropped). */
  setAside: boolean;
}

/**
 * Opens `<dir>/<name>.json` through the factory (0600, read once here; the caller keeps what it read
 * and writes changes with `set`). A file that is not JSON, or that `parse` refuses, is moved aside,
 * never fatal, and the store starts empty.
 */
export function openConfFile<T>(options: {
  factory: StoreFactory;
  dir: string;
  name: string;
  parse: (values: Values) => T;
  now?: () => Date;
}): ConfFile<T> {
  const open = () =>
    options.factory<Values>({
      cwd: options.dir,
      configName: options.name,
      fileExtension: 'json',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      watch: false,
    });
  let conf: ConfLike<Values> | undefined;
  try {
    conf = open();
    if (!existsSync(conf.path)) return { conf, value: null, setAside: false };
    return { conf, value: options.parse(conf.store), setAside: false };
  } catch {
    // conf reads the file when it is built, and throws when it is not JSON.
    moveAside(conf?.path ?? join(options.dir, `${options.name}.json`), (options.now ?? (() => new Date()))());
    return { conf: open(), value: null, setAside: true };
  }
}
