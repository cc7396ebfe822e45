import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The embeddable chat widget: one small self-contained script (`dist/widget.js`), no framework,
 * built after the app (into the same folder) and served by PatientDesk at /widget.js.
 */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: false,
    sourcemap: true,
    target: 'es2020',
    lib: {
      entry: path.join(import.meta.dirname, 'src/widget/widget.ts'),
      name: 'PatientDeskChat',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
