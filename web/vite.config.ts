// The viewer and control room. `npm run build` writes them to target/classes/web (index.html and
// content-hashed assets/), which the Maven module packages for http-edge to serve from the class path.
// `npm run dev` serves them with hot reload and proxies /api and /ws to a running server
// (SWARMCAST_DEV_SERVER, default http://127.0.0.1:8282).
import { defineConfig } from 'vite';

const server = process.env.SWARMCAST_DEV_SERVER ?? 'http://127.0.0.1:8282';
// Cross-origin isolation, as http-edge sends it: precise performance.now()
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: '/',
  build: {
    outDir: 'target/classes/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    headers: isolation,
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/ws': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
  preview: { headers: isolation },
});
