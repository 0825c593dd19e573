import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { ConfLike, StoreFactory, StoreOptions } from '../services/conf-store.js';

/**
 * electron-store registers a synchronous IPC listener so renderer-side stores can learn the userData
 * path. TokenDesk never creates a store in a renderer, so that listener would only be one more door
 * into main; it is removed as soon as a store exists.
 */
const ELECTRON_STORE_IPC_CHANNEL = 'electron-store-get-data';

/**
 * The settings and the connection list, kept by electron-store in the app. It takes the file name as
 * `name` and sets conf's `configName` from it; every other option passes through to conf unchanged.
 */
export function createElectronStoreFactory(): StoreFactory {
  return <T extends Record<string, unknown>>(options: StoreOptions): ConfLike<T> => {
    const { configName, ...rest } = options;
    const store = new ElectronStore<T>({ ...rest, name: configName });
    ipcMain.removeAllListeners(ELECTRON_STORE_IPC_CHANNEL);
    return store;
  };
}
