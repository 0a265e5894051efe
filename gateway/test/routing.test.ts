import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './fixtures/problems.js';
import { rawGet } from './fixtures/raw-request.js';
import { type Echo, type StubService, startStubService } from './fixtures/stub-service.js';
import { startTestGateway, type TestGateway } from './fixtures/test-gateway.js';

const env = useTestEnvironment();

describe('routing public paths to their services', () => {
  let auth: StubService;
  let catalog: StubService;
  let order: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    [auth, catalog, order] = await Promise.all([
      startStubService('auth'),
      startStubService('catalog'),
      startStubService('order'),
    ]);
    // analytics is not deployed here
    gateway = await startTestGateway(env, { auth, catalog, order });
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([auth, catalog, order].map((stub) => stub?.stop()));
  });

  async function echoOf(response: Response): Promise<Echo> {
    expect(response.status).toBe(200);
    return (await response.json()) as Echo;
  }

  it.each([
    ['GET', '/users/me', 'auth'],
    ['POST', '/users/login', 'auth'],
    ['GET', '/products', 'catalog'],
    ['GET', '/products/17', 'catalog'],
    ['DELETE', '/products/remove', 'catalog'],
    ['GET', '/categories', 'catalog'],
    ['PUT', '/categories/update', 'catalog'],
    ['POST', '/orders/create', 'order'],
    ['GET', '/orders/5', 'order'],
  ])('%s %s reaches the %s service with its method and path', async (method, path, service) => {
    const echo = await echoOf(await fetch(`${gateway.origin}${path}`, { method }));

    expect(echo).toMatchObject({ service, method, path });
  });

  it('HEAD answers the upstream status and headers without a body', async () => {
    const response = await fetch(`${gateway.origin}/products/3`, { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('catalog');
    expect(await response.text()).toBe('');
  });

  it('a large unsized answer streams back to the client byte for byte', async () => {
    const bytes = 5 * 1024 * 1024 + 123;

    const response = await fetch(`${gateway.origin}/products/export?bytes=${bytes}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv');
    expect((await response.arrayBuffer()).byteLength).toBe(bytes);
  });

  it.each(['/internal/revocations', '/.well-known/jwks.json', '/admin/users', '/nowhere', '/usersx'])(
    'does not expose %s: 404 problem, no upstream call',
    async (path) => {
      const callsBefore = auth.calls;

      const problem = await expectProblem(await fetch(`${gateway.origin}${path}`), 404);

      expect(problem.detail).toContain(path);
      expect(auth.calls).toBe(callsBefore);
    },
  );

  it('a dot-segment path cannot climb out of a public prefix', async () => {
    const callsBefore = catalog.calls + auth.calls;

    const { status } = await rawGet(`${gateway.origin}/products/%2e%2e/internal/revocations`, {});

    expect(status).toBe(404);
    expect(catalog.calls + auth.calls).toBe(callsBefore);
  });

  it('a route to a service that is not deployed answers 503 without naming its address', async () => {
    const problem = await expectProblem(await fetch(`${gateway.origin}/statistics/profit`), 503);

    expect(problem.detail).toBe('The analytics service is unavailable');
  });

  it("writing to the gateway's own endpoints answers 405 with Allow", async () => {
    const response = await fetch(`${gateway.origin}/healthz`, { method: 'POST' });

    await expectProblem(response, 405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
