/**
 * The main window's size: it opens at 1200×780 and can be made no smaller than 960×600. Kept apart
 * from window.ts (which imports Electron) so the layout e2e test checks the app at these very sizes.
 */
export const WINDOW_SIZE = { width: 1200, height: 780, minWidth: 960, minHeight: 600 } as const;
