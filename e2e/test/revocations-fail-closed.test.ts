import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { ACCESS_AUDIENCE, INTERNAL_TOKEN_HEADER, keysOf, TokenSigner } from '@shop/identity';
import { createLogger, type HttpServer, serveHttp } from '@shop/platform';
import type { RunningService } from '@shop/service';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../../gateway/src/config.js';
import { startGatewayService } from '../../gateway/src/gateway.js';
import { closeConnectionsNamed } from '../../libs/messaging/test/fixtures/broker-control.js';
import { analyticsConfigSchema } from '../../services/analytics/src/config.js';
import { startAnalyticsService } from '../../services/analytics/src/service.js';
import { catalogConfigSchema } from '../../services/catalog/src/config.js';
import { startCatalogService } from '../../services/catalog/src/service.js';
import { orderConfigSchema } from '../../services/order/src/config.js';
import { startOrderService } from '../../services/order/src/service.js';
import { call } from '../fixtures/client.js';

const env = useTestEnvironment();
const ISSUER = 'shop-auth';
const signer = new TokenSigner(generateKeyPairSync('ed25519').privateKey, 'k1', ISSUER);
const internalToken = randomBytes(32).toString('hex');

/** Auth as the verifiers see it: its JWKS, its /readyz, and its revocation list, which can be made to fail. */
async function startStubAuth() {
  const stub = { answering: true, loads: 0, credentials: new Set<string | undefined>() };
  const app = new Hono();
  app.get('/readyz', (c) => c.json({ ready: true }));
  app.get('/openapi.json', (c) =>
    c.json({ openapi: '3.1.0', info: { title: 'auth', version: '1' }, paths: {} }),
  );
  app.get('/.well-known/jwks.json', (c) => c.json(signer.jwks()));
  app.get('/internal/revocations', (c) => {
    stub.credentials.add(c.req.header(INTERNAL_TOKEN_HEADER));
    if (!stub.answering) return c.json({ error: 'database down' }, 503);
    stub.loads++;
    return c.json({ sessions: [], users: [] });
  });
  const server: HttpServer = await serveHttp(app.fetch, 0, '127.0.0.1');
  return Object.assign(stub, { origin: `http://127.0.0.1:${server.port}`, stop: server.close });
}

describe('while the revocation set is not known to be current, signed-in requests answer 503 everywhere', () => {
  let auth: Awaited<ReturnType<typeof startStubAuth>>;
  const stops: Array<() => Promise<void>> = [];
  let gateway: RunningService;
  const urls: Record<string, string> = {};
  const token = signer.sign(
    { sub: '5', sid: randomUUID(), typ: 'access', aud: ACCESS_AUDIENCE, role: 'customer' },
    900,
  );

  beforeAll(async () => {
    auth = await startStubAuth();
    const shared = {
      ...env.env,
      LOG_LEVEL: 'silent',
      PORT: '0',
      AUTH_URL: auth.origin,
      INTERNAL_TOKEN: internalToken,
      JWT_ISSUER: ISSUER,
    };
    const logger = createLogger({ service: 'test', level: 'silent', format: 'json' });
    const deps = { keys: keysOf(signer), logger };
    const catalog = await startCatalogService(
      catalogConfigSchema.parse({ ...shared, SEED_SAMPLE_CATALOG: 'false' }),
      deps,
    );
    const order = await startOrderService(orderConfigSchema.parse(shared), deps);
    const analytics = await startAnalyticsService(analyticsConfigSchema.parse(shared), deps);
    for (const [name, service] of Object.entries({ catalog, order, analytics })) {
      urls[name] = `http://127.0.0.1:${service.port}`;
      stops.push(service.stop);
    }
    gateway = await startGatewayService(
      gatewayConfigSchema.parse({
        ...shared,
        GATEWAY_PORT: '0',
        CATALOG_URL: urls.catalog,
        ORDER_URL: urls.order,
        ANALYTICS_URL: urls.analytics,
        UPSTREAMS: 'auth,catalog,order,analytics',
      }),
      { logger },
    );
    urls.gateway = `http://127.0.0.1:${gateway.port}`;
    for (const url of Object.values(urls)) await readyz(url, 200);
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const stop of stops.reverse()) await stop();
    await auth?.stop();
  });

  async function readyz(url: string, status: number) {
    return waitFor(
      () => fetch(`${url}/readyz`).then(async (response) => [response.status, await response.json()]),
      {
        until: ([answered]) => answered === status,
        timeoutMs: 15_000,
        what: `${url}/readyz ${status}`,
      },
    );
  }

  async function signedInStatuses(): Promise<Record<string, number>> {
    const paths: Record<string, string> = {
      gateway: '/orders/user',
      catalog: '/products?limit=1',
      order: '/orders/user',
      analytics: '/statistics/profit',
    };
    const answers = await Promise.all(
      Object.entries(paths).map(async ([port, path]) => [
        port,
        (await call(urls[port] as string, 'GET', path, { token })).status,
      ]),
    );
    return Object.fromEntries(answers);
  }

  it('every verifier loads the revocations with the internal credential, and only with it', () => {
    expect(auth.loads).toBeGreaterThanOrEqual(4);
    expect([...auth.credentials]).toEqual([internalToken]);
  });

  it('a moment without the broker (and auth unable to list revocations) answers 503 with Retry-After, then recovers by itself', async () => {
    expect(Object.values(await signedInStatuses()).every((status) => status !== 503)).toBe(true);

    auth.answering = false;
    for (const name of ['gateway', 'catalog', 'order', 'analytics'])
      expect(await closeConnectionsNamed(`${name} ${env.prefix}`)).toBe(1);

    const stale = await waitFor(signedInStatuses, {
      until: (statuses) => Object.values(statuses).every((status) => status === 503),
      timeoutMs: 5_000,
      what: 'every port to answer 503 for a signed-in call',
    });
    expect(stale).toEqual({ gateway: 503, catalog: 503, order: 503, analytics: 503 });
    const refused = await fetch(`${urls.order}/orders/user`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { status: number }).status).toBe(503);
    // Anonymous routes keep working; readiness says why the rest does not.
    expect((await call(urls.catalog as string, 'GET', '/products?limit=1')).status).toBe(200);
    expect((await call(urls.gateway as string, 'GET', '/products?limit=1')).status).toBe(200);
    const [, notReady] = await readyz(urls.catalog as string, 503);
    expect(notReady).toMatchObject({ checks: { revocations: false } });

    auth.answering = true;
    const recovered = await waitFor(signedInStatuses, {
      until: (statuses) => Object.values(statuses).every((status) => status !== 503),
      timeoutMs: 15_000,
      what: 'every port to answer signed-in calls again',
    });
    expect(recovered).toEqual({ gateway: 200, catalog: 200, order: 200, analytics: 403 });
    for (const url of Object.values(urls)) await readyz(url, 200);
  });
});
