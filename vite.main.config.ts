import { defineConfig } from 'vite';
import type { EnvironmentOptions } from 'vite';

/**
 * Main, preload and the compaction worker as separate CommonJS bundles in dist/main. They are built as
 * environments, one after the other, so none can share a chunk with another: the sandboxed preload may
 * `require('electron')` and nothing else, and the packaged app ships no node_modules, so everything
 * except `electron` and Node's built-ins (conf and electron-store are ESM-only) is bundled in.
 */
function cjsBundle(name: string, input: string, emptyOutDir: boolean): EnvironmentOptions {
  return {
    consumer: 'server',
    resolve: { noExternal: true, external: ['electron'] },
    build: {
      outDir: 'dist/main',
      emptyOutDir,
      target: 'node22',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { [name]: input },
        external: ['electron', /^node:/],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  };
}

export default defineConfig({
  publicDir: false,
  environments: {
    main: cjsBundle('main', 'src-main/electron/main.ts', true),
    preload: cjsBundle('preload', 'src-main/preload.ts', false),
    // The journal compaction's worker thread (journal-compaction.ts finds it beside main.cjs).
    compactionWorker: cjsBundle('compaction-worker', 'src-main/services/compaction-worker.ts', false),
  },
  builder: {
    async buildApp(builder) {
      const { main, preload, compactionWorker } = builder.environments;
      if (!main || !preload || !compactionWorker) {
        throw new Error('vite.main.config.ts: the main, preload and compactionWorker environments are required');
      }
      await builder.build(main);
      await builder.build(preload);
      await builder.build(compactionWorker);
    },
  },
});
