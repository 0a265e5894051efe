import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { startTestGateway, type TestGateway } from './fixtures/test-gateway.js';

const env = useTestEnvironment();

describe('a service running as several replicas', () => {
  let replicas: StubService[];
  let gateway: TestGateway;

  beforeAll(async () => {
    replicas = await Promise.all([startStubService('catalog'), startStubService('catalog')]);
    gateway = await startTestGateway(
      env,
      {},
      {
        UPSTREAMS: 'catalog',
        CATALOG_URL: replicas.map((replica) => replica.origin).join(', '),
      },
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(replicas?.map((replica) => replica.stop()) ?? []);
  });

  it('spreads the requests over every URL listed for it', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${gateway.origin}/products`);
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }

    expect(replicas.map((replica) => replica.calls).reduce((a, b) => a + b)).toBe(20);
    for (const replica of replicas) expect(replica.calls).toBeGreaterThanOrEqual(5);
  });

  it('a malformed URL in the list is refused at start-up', async () => {
    await expect(
      startTestGateway(env, {}, { UPSTREAMS: 'catalog', CATALOG_URL: `${replicas[0]?.origin}, not-a-url` }),
    ).rejects.toThrow(/CATALOG_URL|Invalid URL/);
  });
});
