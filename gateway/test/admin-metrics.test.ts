import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { downOrigin, readiness, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';
import { accessToken, newSession, newSigner } from './fixtures/tokens.js';

const env = useTestEnvironment();
const signer = newSigner('k1');
const admin = accessToken(signer, newSession(1), { role: 'admin' });

describe('GET /admin/metrics with a service down', () => {
  let auth: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    auth = await startStubService('auth', [signer]);
    gateway = await startTestGateway(env, { auth, order: await downOrigin() });
    await waitFor(() => readiness(gateway.origin), {
      until: ({ checks }) => checks.jwks === true,
      what: 'JWKS',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
  });

  it('names the service it could not read in unavailable and answers the others (nulls for families they lack)', async () => {
    const response = await fetch(`${gateway.origin}/admin/metrics`, {
      headers: { authorization: `Bearer ${admin}` },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      services: [{ service: 'auth', outbox_lag_seconds: null, dead_letters: null }],
      unavailable: ['order'],
    });
  });
});
