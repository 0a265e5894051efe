import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';

const gzipAsync = promisify(gzip);

/** Scalar's browser bundle as the installed `@scalar/api-reference` ships it, and where we serve it. */
export interface ApiReferenceScript {
  /** Versioned, so a new bundle gets a new URL and browsers may cache this one for good. */
  path: string;
  serve(c: Context): Promise<Response>;
}

/**
 * Finds the bundle through Node's resolution from this file (so it is whatever npm installed for
 * the gateway, in the repository or in the image's node_modules), and reads it on first request.
 * The package exports only its ES entry (dist/index.js); the self-contained browser bundle,
 * dist/browser/standalone.js, sits beside it.
 */
export function apiReferenceScript(): ApiReferenceScript {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  const root = dirname(dirname(entry));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  if (manifest.name !== '@scalar/api-reference') {
    throw new Error(`@scalar/api-reference resolved to ${entry}, not inside its own package`);
  }
  const file = join(root, 'dist', 'browser', 'standalone.js');
  let bodies: Promise<{ plain: Buffer; gzipped: Buffer }> | undefined;
  const load = async () => {
    const plain = await readFile(file);
    return { plain, gzipped: await gzipAsync(plain) };
  };

  return {
    path: `/docs/assets/scalar-api-reference-${manifest.version}.js`,
    async serve(c) {
      bodies ??= load().catch((error: unknown) => {
        bodies = undefined;
        throw error;
      });
      const { plain, gzipped } = await bodies;
      const wantsGzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
      const body = wantsGzip ? gzipped : plain;
      return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
        headers: {
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': 'public, max-age=31536000, immutable',
          vary: 'Accept-Encoding',
          ...(wantsGzip && { 'content-encoding': 'gzip' }),
        },
      });
    },
  };
}
