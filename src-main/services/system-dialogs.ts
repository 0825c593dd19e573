/**
 * The system's file dialogs, as main asks for them: Electron's `dialog` in the app
 * (electron/electron-dialogs.ts), stand-ins in tests and the browser harness. Null: cancelled.
 */

/** Chooses an existing file to open (a KeePass database). */
export type FilePicker = (options: { title: string; extensions: string[] }) => Promise<string | null>;

/** Chooses a folder (Scan a folder…). */
export type FolderPicker = (options: { title: string }) => Promise<string | null>;

/** Chooses where to save a new file (Export…); the name offered, and the kinds of file allowed. */
export type SavePicker = (options: {
  title: string;
  defaultName: string;
  filters: { name: string; extensions: string[] }[];
}) => Promise<string | null>;

export interface SystemDialogs {
  pickFile: FilePicker;
  pickFolder: FolderPicker;
  pickSavePath: SavePicker;
}

/** A dialog the user always cancels: what stands in for one not given (Node tests, the harness). */
export const cancelled = (): Promise<null> => Promise.resolve(null);
