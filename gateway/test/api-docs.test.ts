import { gunzipSync } from 'node:zlib';
import { useTestEnvironment } from '@shop/testing';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { downOrigin, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';

const env = useTestEnvironment();

interface MergedDocument {
  openapi: string;
  info: { description: string };
  paths: Record<string, unknown>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  tags: Array<{ name: string }>;
}

describe('/openapi.json and /docs', () => {
  let auth: StubService;
  let catalog: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    [auth, catalog] = await Promise.all([startStubService('auth'), startStubService('catalog')]);
    gateway = await startTestGateway(env, { auth, catalog, analytics: await downOrigin() });
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([auth?.stop(), catalog?.stop()]);
  });

  it('merges the public paths, schemas, security schemes and tags of the services that answer', async () => {
    const response = await fetch(`${gateway.origin}/openapi.json`, {
      headers: { authorization: 'Bearer not-even-a-token' },
    });

    expect(response.status).toBe(200);
    const document = (await response.json()) as MergedDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/admin/dead-letters', // answered by the gateway itself
      '/admin/dead-letters/{id}/replay',
      '/admin/metrics',
      '/categories',
      '/products',
      '/users/login',
      '/users/me',
    ]);
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Problem', 'Product', 'User']);
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    expect(document.tags.map((tag) => tag.name).sort()).toEqual([
      'categories',
      'dead-letters',
      'products',
      'users',
    ]);
  });

  it('names the service that was down in the description', async () => {
    const document = (await (await fetch(`${gateway.origin}/openapi.json`)).json()) as MergedDocument;

    expect(document.info.description).toContain('analytics');
    expect(document.info.description).not.toContain('127.0.0.1');
  });

  it('/docs serves the Scalar reference reading /openapi.json, its script from the gateway itself', async () => {
    const response = await fetch(`${gateway.origin}/docs`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('/openapi.json');
    expect(html.toLowerCase()).toContain('scalar');
    expect(html).not.toMatch(/https?:\/\//);
    expect(scriptSources(html)).toEqual([
      expect.stringMatching(/^\/docs\/assets\/scalar-api-reference-[\w.-]+\.js$/),
    ]);
  });

  it('/docs allows scripts, fonts, images and requests from its own origin only', async () => {
    const response = await fetch(`${gateway.origin}/docs`);
    const policy = response.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      policy.split(';').map((part) => {
        const [name = '', ...sources] = part.trim().split(/\s+/);
        return [name, sources];
      }),
    );

    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')?.[0]).toBe("'self'");
    // The rest: the hash of the page's one inline start-up script, no 'unsafe-inline', no 'unsafe-eval'.
    expect(directives.get('script-src')?.slice(1)).toEqual([expect.stringMatching(/^'sha256-[\w+/=]+'$/)]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('font-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy).not.toContain('http');
  });

  it('serves the API reference script under a versioned URL, cacheable for good, gzipped on request', async () => {
    const [path] = scriptSources(await (await fetch(`${gateway.origin}/docs`)).text());

    const plain = await request(`${gateway.origin}${path}`, { headers: { 'accept-encoding': 'identity' } });
    const gzipped = await request(`${gateway.origin}${path}`, { headers: { 'accept-encoding': 'gzip' } });

    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const source = await plain.body.text();
    expect(source).toContain('createApiReference');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const unzipped = gunzipSync(Buffer.from(await gzipped.body.arrayBuffer()));
    expect(unzipped.toString('utf8')).toBe(source);
  });
});

/** The src of each <script> element of a page. */
function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map(([, src]) => src ?? '');
}
