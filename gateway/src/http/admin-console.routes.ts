import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { AppError, type ServiceApp } from '@shop/platform';
import type { MiddlewareHandler } from 'hono';

/** The Vite build of gateway/admin (`npm run build`), beside the bundle in dist/ as in the sources. */
const consoleDirectory = fileURLToPath(new URL('../../admin/dist', import.meta.url));

export class ConsoleNotBuiltError extends AppError {
  readonly status = 503;
  readonly title = 'Admin console not built';
}

// Everything from this origin, nothing inline: the build emits no inline script or style.
const policy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function consoleContentSecurityPolicy(): MiddlewareHandler {
  return async function contentSecurityPolicy(c, next) {
    await next();
    c.res.headers.set('content-security-policy', policy);
  };
}

function requireBuiltConsole(): MiddlewareHandler {
  return async function consoleBuilt(_c, next) {
    if (!existsSync(consoleDirectory)) {
      throw new ConsoleNotBuiltError('Build the admin console first: npm run build');
    }
    await next();
  };
}

/**
 * GET /admin: the admin console's page (hash routes, so one document) and its hashed assets, which
 * browsers may keep for good. The console calls the same public API as any client.
 */
export function mountAdminConsole(app: ServiceApp): void {
  const guards = [requireBuiltConsole(), consoleContentSecurityPolicy()] as const;
  app.get(
    '/admin',
    ...guards,
    serveStatic({
      root: consoleDirectory,
      path: 'index.html',
      // Asked again each time (cheaply, by Last-Modified), so a new build's asset names are seen at once.
      onFound: (_path, c) => {
        c.header('cache-control', 'no-cache');
      },
    }),
  );
  app.get(
    '/admin/assets/*',
    ...guards,
    serveStatic({
      root: consoleDirectory,
      rewriteRequestPath: (path) => path.slice('/admin'.length),
      onFound: (_path, c) => {
        c.header('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
}
