import { useTestEnvironment } from '@shop/testing';
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

  it('/docs serves the Scalar reference reading /openapi.json', async () => {
    const response = await fetch(`${gateway.origin}/docs`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('/openapi.json');
    expect(html.toLowerCase()).toContain('scalar');
  });
});
