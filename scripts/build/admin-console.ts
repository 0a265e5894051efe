// The admin console (gateway/admin) built by Vite into gateway/admin/dist, which the gateway serves at
// /admin and the app build copies beside dist/gateway. Used by `npm run build` and the browser tests.
import { join } from 'node:path';
import { build } from 'vite';

const consoleRoot = join(import.meta.dirname, '..', '..', 'gateway', 'admin');

/** Builds the console's page and hashed assets (no inline script or style, no data: URLs: the CSP allows neither). */
export async function buildAdminConsole(): Promise<void> {
  await build({
    configFile: false,
    root: consoleRoot,
    base: '/admin/',
    logLevel: 'warn',
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      target: 'es2022',
    },
  });
}
