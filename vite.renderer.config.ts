import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src-renderer', import.meta.url));

/**
 * The renderer bundle. `base: './'` because Electron loads it from a file (and the e2e harness from a
 * static server), so asset URLs must be relative. No inline scripts or styles are emitted, so the
 * strict CSP in index.html holds.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The polyfill is not needed in Chromium and would add code the CSP review has to read.
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'chrome130',
  },
});
