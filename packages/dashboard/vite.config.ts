import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard is served by the LRS at /dashboard/ (and may sit behind a path prefix), so every URL
 * is relative; everything is bundled, nothing comes from a CDN. `npm run dev` proxies the API to the
 * LRS of `npm start` (http://127.0.0.1:8080).
 */
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  server: {
    proxy: { '/analytics': 'http://127.0.0.1:8080' },
  },
});
