import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, loadEnv } from 'vite';
import { z } from 'zod';

const defaultServerUrl = 'http://127.0.0.1:8080';

// Validated once here so a typo fails at startup rather than as a silent proxy 502.
const proxyEnvSchema = z.object({
  KOHTAAMO_SERVER_URL: z.url().default(defaultServerUrl),
});

export default defineConfig(({ mode }) => {
  // Empty-string values (e.g. `KOHTAAMO_SERVER_URL=`) mean "use the default".
  const raw = loadEnv(mode, process.cwd(), 'KOHTAAMO_');
  const env = proxyEnvSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '')),
  );
  if (!env.success) {
    throw new Error(
      `KOHTAAMO_SERVER_URL must be an absolute URL such as ${defaultServerUrl}, got "${raw.KOHTAAMO_SERVER_URL}"`,
    );
  }
  const target = env.data.KOHTAAMO_SERVER_URL;

  const proxy = {
    // Host is passed through unchanged: the server's Origin check compares the page's origin
    // (this dev server) with the Host the request was sent to.
    '/sync': { target, ws: true },
    '/api': { target },
    '/health': { target },
    '/ready': { target },
  };

  return {
    plugins: [react()],
    resolve: {
      // Resolve @kohtaamo/shared to its TypeScript source: no shared build step in dev.
      conditions: ['kohtaamo-source', ...defaultClientConditions],
    },
    optimizeDeps: {
      // Its `imports.vite` module is a list of `?url` asset imports; pre-bundling breaks
      // those paths, so Vite must serve it untouched.
      exclude: ['@tldraw/assets'],
    },
    server: { proxy },
    preview: { proxy },
    build: {
      outDir: 'dist',
      // tldraw alone is ~2 MB minified; the default 500 kB warning would fire on every build.
      chunkSizeWarningLimit: 4000,
    },
  };
});
