import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * One player build serves every package: the LMS serves it from a path nobody knows in advance, so
 * every URL is relative (`base: './'`), file names are fixed (the builder and the e2e tests can rely
 * on them), and nothing is fetched from a CDN or a font service.
 */
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    cssCodeSplit: false,
    // No preload polyfill: the bundle is one chunk, and the polyfill is inline code nobody needs.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/player.js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: (asset) =>
          asset.names.some((n) => n.endsWith('.css')) ? 'assets/player.css' : 'assets/[name][extname]',
      },
    },
  },
});
