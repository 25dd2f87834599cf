// Where the browser tests load the web app from: the Swarmcast server itself when it serves the
// viewer (the web module on its class path), otherwise a Vite preview of web/target/classes/web that
// proxies /api and /ws to the server.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function webBase(server) {
  const r = await fetch(server + '/', { headers: { Accept: 'text/html' } });
  const html = await r.text();
  if (html.includes('id="app"')) return { url: server, how: 'served by the Swarmcast server', close: async () => {} };
  const out = join(webRoot, 'target/classes/web');
  if (!existsSync(join(out, 'index.html'))) {
    throw new Error(`the server does not serve the viewer and ${out} has no build: run 'npm run build' in web/ first`);
  }
  const { preview } = await import('vite');
  const srv = await preview({
    root: webRoot,
    configFile: false,
    logLevel: 'silent', // the proxy reports every WebSocket the browser closes
    build: { outDir: out },
    preview: {
      host: '127.0.0.1', port: 0, strictPort: false,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      proxy: { '/api': { target: server }, '/ws': { target: server.replace(/^http/, 'ws'), ws: true } },
    },
  });
  const addr = srv.httpServer.address();
  return { url: `http://127.0.0.1:${addr.port}`, how: 'Vite preview of web/target/classes/web, proxying to the server', close: () => srv.close() };
}
