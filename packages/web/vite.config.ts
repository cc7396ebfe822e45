import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api/live': { target: server.replace('http', 'ws'), ws: true },
      '/api': server,
      '/health': server,
      '/ready': server,
      '/metrics': server,
    },
  },
});
