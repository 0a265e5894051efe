import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g;

/**
 * A Content-Security-Policy for the /docs page: everything from this origin only. The page's own
 * inline script (Scalar's start-up call, rendered by @scalar/hono-api-reference) is allowed by its
 * hash, taken from the page as served, so no other inline script runs, and no eval (Zod, inside
 * Scalar, probes for it once and falls back). Styles need 'unsafe-inline': Scalar adds its CSS as
 * <style> elements at run time and renders markup with style attributes (under style-src 'self', headless Chromium reports both
 * blocked).
 */
export function docsContentSecurityPolicy(): MiddlewareHandler {
  return async function contentSecurityPolicy(c, next) {
    await next();
    const html = await c.res.text();
    const hashes = [...html.matchAll(INLINE_SCRIPT)].map(([, body]) => sourceHash(body ?? ''));
    const policy = [
      "default-src 'none'",
      `script-src 'self' ${hashes.join(' ')}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self'",
      "font-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
    const headers = new Headers(c.res.headers);
    headers.set('content-security-policy', policy);
    c.res = new Response(html, { status: c.res.status, headers });
  };
}

/** The CSP source expression that allows exactly this inline script. */
function sourceHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}
