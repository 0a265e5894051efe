import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './fixtures/problems.js';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { startTestGateway, type TestGateway } from './fixtures/test-gateway.js';

const env = useTestEnvironment();
const LIMIT = 5;

describe('per-client rate limit and CORS', () => {
  let catalog: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    catalog = await startStubService('catalog');
    gateway = await startTestGateway(
      env,
      { catalog },
      {
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
        CORS_ORIGINS: 'https://shop.example, https://admin.shop.example',
      },
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await catalog?.stop();
  });

  it('a CORS preflight from an allowed origin is answered by the gateway', async () => {
    const callsBefore = catalog.calls;

    const response = await fetch(`${gateway.origin}/products/add`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/^authorization, ?content-type$/);
    expect(catalog.calls).toBe(callsBefore);
  });

  it('an origin that is not configured gets no CORS permission', async () => {
    const response = await fetch(`${gateway.origin}/products`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a client over RATE_LIMIT_PER_MINUTE gets 429 with Retry-After, and the service is spared', async () => {
    const callsBefore = catalog.calls;
    const statuses: number[] = [];
    let refused: Response | undefined;
    // A window may end mid-test, so allow for two windows' worth before the first refusal.
    for (let sent = 0; sent < 2 * LIMIT + 1 && !refused; sent++) {
      const response = await fetch(`${gateway.origin}/products`, {
        headers: { origin: 'https://shop.example' },
      });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
      else await response.body?.cancel();
    }

    expect(refused, `statuses: ${statuses.join(', ')}`).toBeDefined();
    const problem = await expectProblem(refused as Response, 429);
    expect(problem.detail).toBe(`More than ${LIMIT} requests per minute from this client`);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused?.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(catalog.calls - callsBefore).toBe(statuses.length - 1);
  });

  it('health probes are never rate limited', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 2 * LIMIT }, () =>
        fetch(`${gateway.origin}/healthz`).then((response) => response.status),
      ),
    );

    expect(statuses.every((status) => status === 200)).toBe(true);
  });
});
