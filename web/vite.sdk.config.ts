// The client SDK as one ES module (decoders included, WebAssembly inlined): target/classes/web/sdk/swarmcast.js,
// served by http-edge at /sdk/swarmcast.js for pages that embed a viewer, and used by the Node tests.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'target/classes/web/sdk',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: { entry: 'sdk/index.ts', formats: ['es'], fileName: () => 'swarmcast.js' },
  },
});
