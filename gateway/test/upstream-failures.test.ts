import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './fixtures/problems.js';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { downOrigin, readiness, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';
import { newSigner } from './fixtures/tokens.js';

const env = useTestEnvironment();

describe('when an upstream fails', () => {
  let auth: StubService;
  let catalog: StubService;
  let order: StubService;
  let analytics: StubService;
  let gateway: TestGateway;
  let orderDown: { origin: string };

  beforeAll(async () => {
    [auth, catalog, order, analytics] = await Promise.all([
      startStubService('auth', [newSigner('k1')]),
      startStubService('catalog'),
      startStubService('order'),
      startStubService('analytics'),
    ]);
    gateway = await startTestGateway(
      env,
      { auth, catalog, order, analytics },
      { UPSTREAM_TIMEOUT_MS: '300' },
    );
    orderDown = await downOrigin();
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([auth, catalog, order, analytics].map((stub) => stub?.stop()));
  });

  it('a service that refuses connections answers 503 naming the service, not its address', async () => {
    const withOrderDown = await startTestGateway(env, { auth, order: orderDown });
    try {
      const problem = await expectProblem(await fetch(`${withOrderDown.origin}/orders/user`), 503);

      expect(problem.detail).toBe('The order service is unavailable');
      expect(JSON.stringify(problem)).not.toContain(new URL(orderDown.origin).port);
    } finally {
      await withOrderDown.stop();
    }
  });

  it('a service slower than UPSTREAM_TIMEOUT_MS answers 504', async () => {
    const started = Date.now();

    const problem = await expectProblem(await fetch(`${gateway.origin}/products/slow?ms=3000`), 504);

    expect(problem.detail).toBe('The catalog service did not answer in time');
    // undici times out on a ~0.5 s tick; the stub would answer only after 3 s.
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('/readyz answers 200 when every dependency and upstream is ready', async () => {
    const ready = await waitFor(() => readiness(gateway.origin), {
      until: ({ status }) => status === 200,
      what: 'a ready gateway',
    });

    expect(ready.checks).toEqual({
      broker: true,
      jwks: true,
      revocations: true,
      auth: true,
      catalog: true,
      order: true,
      analytics: true,
    });
  });

  it('/readyz answers 503 naming the upstream that is not ready', async () => {
    analytics.ready = false;
    try {
      // Upstream probes are shared for UPSTREAM_READINESS_TTL_MS: the change shows within it.
      const notReady = await waitFor(() => readiness(gateway.origin), {
        until: ({ status }) => status === 503,
        what: 'a gateway not ready',
      });

      expect(notReady.status).toBe(503);
      expect(notReady.checks).toMatchObject({ analytics: false, catalog: true });
    } finally {
      analytics.ready = true;
    }
  });

  it('/readyz answers 503 when an upstream is down', async () => {
    const withOrderDown = await startTestGateway(env, { auth, order: orderDown });
    try {
      const notReady = await readiness(withOrderDown.origin);

      expect(notReady.status).toBe(503);
      expect(notReady.checks.order).toBe(false);
    } finally {
      await withOrderDown.stop();
    }
  });
});
