import { randomUUID } from 'node:crypto';
import type { DeadLetterJson } from '@shop/service';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeadLetterStub, deadLetter, startDeadLetterStub } from './fixtures/dead-letter-stub.js';
import { expectProblem } from './fixtures/problems.js';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { downOrigin, readiness, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';
import { accessToken, newSession, newSigner } from './fixtures/tokens.js';

const env = useTestEnvironment();
const signer = newSigner('k1');
const admin = accessToken(signer, newSession(1), { role: 'admin' });
const customer = accessToken(signer, newSession(2));

interface MergedPage {
  items: DeadLetterJson[];
  next_cursor: string | null;
  unavailable: string[];
}

interface OpenApiOperation {
  tags: string[];
  responses: Record<string, { content: Record<string, { schema: { properties: object } }> }>;
}

interface PublicDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown> };
}

const [c1, o1, c2, o2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

describe('dead letters across the services, at the gateway', () => {
  let auth: StubService;
  let catalog: DeadLetterStub;
  let order: DeadLetterStub;
  let gateway: TestGateway;
  let withoutAnalytics: TestGateway;

  beforeAll(async () => {
    [auth, catalog, order] = await Promise.all([
      startStubService('auth', [signer]),
      startDeadLetterStub('catalog', [
        deadLetter('catalog', c1, '2026-01-01T00:00:01.000Z'),
        deadLetter('catalog', c2, '2026-01-01T00:00:03.000Z'),
      ]),
      startDeadLetterStub('order', [
        deadLetter('order', o1, '2026-01-01T00:00:02.000Z'),
        deadLetter('order', o2, '2026-01-01T00:00:04.000Z'),
      ]),
    ]);
    // analytics consumes events too, but is down here
    gateway = await startTestGateway(env, { auth, catalog, order, analytics: await downOrigin() });
    withoutAnalytics = await startTestGateway(env, { auth, catalog, order });
    for (const { origin } of [gateway, withoutAnalytics]) {
      await waitFor(() => readiness(origin), { until: ({ checks }) => checks.jwks === true, what: 'JWKS' });
    }
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), withoutAnalytics?.stop()]);
    await Promise.all([auth, catalog, order].map((stub) => stub?.stop()));
  });

  function list(query: string, token?: string, headers: Record<string, string> = {}) {
    const sent: Record<string, string> = token ? { ...headers, authorization: `Bearer ${token}` } : headers;
    return fetch(`${gateway.origin}/admin/dead-letters${query}`, { headers: sent });
  }

  function replay(origin: string, id: string, token = admin) {
    return fetch(`${origin}/admin/dead-letters/${id}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  }

  it('merges the services’ pages newest first, cut to the limit; a service down is named in unavailable', async () => {
    const authCalls = auth.calls;

    const response = await list('?limit=3', admin, { 'x-request-id': 'dead-letters-1' });

    expect(response.status).toBe(200);
    const page = (await response.json()) as MergedPage;
    expect(page.items.map((item) => item.id)).toEqual([o2, c2, o1]);
    expect(page.items[0]).toEqual(deadLetter('order', o2, '2026-01-01T00:00:04.000Z'));
    expect(page.unavailable).toEqual(['analytics']);
    expect(page.next_cursor).toEqual(expect.any(String));
    for (const stub of [catalog, order]) {
      expect(stub.requests.at(-1)).toMatchObject({
        query: '?limit=3',
        headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'dead-letters-1' },
      });
    }
    expect(auth.calls).toBe(authCalls);
  });

  it('next_cursor pages on across the services, each dead letter once', async () => {
    const first = (await (await list('?limit=3', admin)).json()) as MergedPage;

    const second = (await (await list(`?limit=3&cursor=${first.next_cursor}`, admin)).json()) as MergedPage;

    expect(second.items.map((item) => item.id)).toEqual([c1]);
    expect(second.next_cursor).toBeNull();
  });

  it('passes on the services’ 401 to an anonymous caller and their 403 to a customer', async () => {
    const anonymous = await list('');
    const problem = await expectProblem(anonymous, 401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(problem.detail).toBe('Sign in first');

    await expectProblem(await list('', customer), 403);
    await expectProblem(await replay(gateway.origin, o1, customer), 403);
  });

  it('an invalid access token is refused at the gateway: no service is asked', async () => {
    const asked = catalog.requests.length + order.requests.length;

    await expectProblem(await list('', `${admin}x`), 401);

    expect(catalog.requests.length + order.requests.length).toBe(asked);
  });

  it('replay reaches the service holding the id and answers its 200', async () => {
    const response = await replay(gateway.origin, o1);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: o1, message_id: `message-${o1}`, replayed: true });
    expect(order.letters.map((letter) => letter.id)).not.toContain(o1);
    expect(catalog.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/admin/dead-letters/${o1}/replay`,
    });
  });

  it('replay of an id no service holds is 404; 503 when a service that might hold it is down', async () => {
    const id = randomUUID();

    await expectProblem(await replay(withoutAnalytics.origin, id), 404);
    const problem = await expectProblem(await replay(gateway.origin, id), 503);
    expect(problem.detail).toContain('analytics');
  });

  it('a malformed id is 400 without asking the services', async () => {
    const asked = catalog.requests.length;

    await expectProblem(await replay(gateway.origin, 'not-a-uuid'), 400);

    expect(catalog.requests.length).toBe(asked);
  });

  it.each([
    ['GET', '/admin/users'],
    ['GET', '/admin/dead-letters/x'],
    ['POST', '/admin/dead-letters'],
  ])('other admin paths stay 404: %s %s', async (method, path) => {
    await expectProblem(
      await fetch(`${gateway.origin}${path}`, { method, headers: { authorization: `Bearer ${admin}` } }),
      404,
    );
  });

  it('the public OpenAPI document describes the gateway’s /admin/dead-letters, not the services’', async () => {
    const document = (await (await fetch(`${gateway.origin}/openapi.json`)).json()) as PublicDocument;

    const listed = document.paths['/admin/dead-letters']?.get;
    expect(listed?.tags).toEqual(['dead-letters']);
    const schema = listed?.responses['200']?.content['application/json']?.schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(['items', 'next_cursor', 'unavailable']);
    expect(document.paths['/admin/dead-letters/{id}/replay']?.post).toBeDefined();
    expect(document.components.securitySchemes).toHaveProperty('bearerAuth');
  });
});
