/** Builds the admin UI into web/dist (`npm run build:web`); the API serves it at / and /admin/. */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Relative asset paths: the same build works at /, at /admin/ and behind a path-prefixing proxy.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true },
});
