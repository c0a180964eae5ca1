// Electron build (`npm run build`): main → out/main (ESM), preload → out/preload/index.cjs (one CommonJS file,
// as sandboxed preloads require), renderer → out/renderer (served from app://bundle/).
import { defineConfig } from 'electron-vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererShared } from './vite.config.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out', 'main'),
      lib: { entry: path.join(root, 'electron', 'main', 'index.ts'), formats: ['es'] },
      rolldownOptions: { output: { entryFileNames: 'index.js' } },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out', 'preload'),
      lib: { entry: path.join(root, 'electron', 'preload', 'index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: 'index.cjs', codeSplitting: false } },
    },
  },
  renderer: {
    ...rendererShared,
    build: {
      outDir: path.join(root, 'out', 'renderer'),
      target: 'chrome140',
      rolldownOptions: { input: path.join(root, 'renderer', 'index.html') },
    },
  },
});
