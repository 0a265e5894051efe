import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './fixtures/problems.js';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { readiness, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';
import { accessToken, newSigner, reencode, refreshToken, unsignedToken } from './fixtures/tokens.js';

const env = useTestEnvironment();
const signer = newSigner('k1');

describe('access tokens are checked at the gateway', () => {
  let auth: StubService;
  let catalog: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    [auth, catalog] = await Promise.all([startStubService('auth', [signer]), startStubService('catalog')]);
    gateway = await startTestGateway(env, { auth, catalog });
    await waitFor(() => readiness(gateway.origin), {
      until: ({ status }) => status === 200,
      what: 'a ready gateway',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([auth?.stop(), catalog?.stop()]);
  });

  function getWithToken(path: string, token: string) {
    return fetch(`${gateway.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
  }

  it('a valid access token passes, unchanged, to the service', async () => {
    const token = accessToken(signer);

    const response = await getWithToken('/products', token);

    expect(response.status).toBe(200);
    const echo = (await response.json()) as { headers: Record<string, string> };
    expect(echo.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('a request without a token passes: the service decides', async () => {
    const response = await fetch(`${gateway.origin}/products`);

    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it.each([
    ['alg none without a signature', () => unsignedToken(signer)],
    ['a tampered role claim', () => reencode(accessToken(signer), 1, (claims) => (claims.role = 'admin'))],
    ['the wrong audience', () => accessToken(signer, undefined, { aud: 'somewhere-else' })],
    ['an expired token', () => accessToken(signer, undefined, {}, -120)],
    ['a refresh token used as access token', () => refreshToken(signer)],
    ['a key auth never published', () => accessToken(newSigner('k-unknown'))],
    ['garbage', () => 'not.a.jwt'],
  ])('%s answers 401 at the gateway; the service is never called', async (_, token) => {
    const callsBefore = catalog.calls;

    const response = await getWithToken('/products', token());

    await expectProblem(response, 401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(catalog.calls).toBe(callsBefore);
  });

  it.each(['/users/add', '/users/login', '/users/refresh'])(
    'POST %s is not checked: it reaches auth with any bearer token',
    async (path) => {
      const token = refreshToken(signer);

      const response = await fetch(`${gateway.origin}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });

      expect(response.status).toBe(200);
      const echo = (await response.json()) as { service: string; headers: Record<string, string> };
      expect(echo).toMatchObject({ service: 'auth', headers: { authorization: `Bearer ${token}` } });
    },
  );

  it('other auth routes are checked: a refresh token on GET /users/me answers 401', async () => {
    await expectProblem(await getWithToken('/users/me', refreshToken(signer)), 401);
  });

  it('after auth rotates its key, a token of the new key is accepted (unknown kid → JWKS refetched)', async () => {
    const rotated = newSigner('k2');
    auth.signers = [rotated, signer];

    const response = await getWithToken('/products', accessToken(rotated));

    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});
