// Browser build of the renderer (`npm run build:web` → out/web). Served with COOP/COEP so the page is
// cross-origin isolated and SharedArrayBuffer works, as in the Electron shell.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY, ISOLATION_HEADERS } from './electron/main/security-headers.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Renderer settings shared by this web build and the renderer section of electron.vite.config.ts. */
export const rendererShared = {
  root: path.join(root, 'renderer'),
  base: './',
  publicDir: path.join(root, 'assets', 'icons'),
  plugins: [react()],
  worker: { format: 'es' },
  // The dev server may read the repository (core/ and assets/, e.g. the MNIST asset the engine imports with ?url).
  server: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': DEV_CONTENT_SECURITY_POLICY }, fs: { allow: [root] } },
  preview: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
} satisfies UserConfig;

export default defineConfig({
  ...rendererShared,
  build: {
    outDir: path.join(root, 'out', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
