import { randomUUID } from 'node:crypto';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn } from '../fixtures/client.js';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

describe('a revoked access token is refused on every port, through the gateway or around it', () => {
  let system: RunningSystem;
  let adminToken: string;

  beforeAll(async () => {
    system = await startSystem(env);
    const admin = await signInAdmin(system.gatewayUrl);
    adminToken = admin.token;
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** One authenticated call per port: the gateway, then catalog, order and analytics directly. */
  function probes(): Array<{ port: string; url: string; path: string }> {
    return [
      { port: 'gateway', url: system.gatewayUrl, path: '/orders/user' },
      { port: 'catalog', url: system.catalogUrl, path: '/products?limit=1' },
      { port: 'order', url: system.orderUrl, path: '/orders/user' },
      { port: 'analytics', url: system.analyticsUrl, path: '/statistics/profit' },
    ];
  }

  async function statusesWith(token: string): Promise<Record<string, number>> {
    const answers = await Promise.all(
      probes().map(async ({ port, url, path }) => [port, (await call(url, 'GET', path, { token })).status]),
    );
    return Object.fromEntries(answers);
  }

  async function expectAcceptedEverywhere(token: string): Promise<void> {
    for (const [port, status] of Object.entries(await statusesWith(token)))
      expect([port, status]).not.toEqual([port, 401]);
  }

  async function expectRefusedEverywhereWithinASecond(token: string): Promise<void> {
    const statuses = await waitFor(() => statusesWith(token), {
      until: (answers) => Object.values(answers).every((status) => status === 401),
      timeoutMs: 1_000,
      intervalMs: 20,
      what: 'every port to refuse the token',
    });
    expect(statuses).toEqual({ gateway: 401, catalog: 401, order: 401, analytics: 401 });
  }

  async function newCustomer(): Promise<{ token: string; userId: number; email: string }> {
    const email = `around-${randomUUID()}@shop.test`;
    const { access_token } = await signIn(system.gatewayUrl, email);
    const me = await call(system.gatewayUrl, 'GET', '/users/me', { token: access_token });
    return { token: access_token, userId: me.body.id as number, email };
  }

  it('after logout the old access token is refused within 1 s on every port', async () => {
    const { token } = await newCustomer();
    await expectAcceptedEverywhere(token);
    expect((await call(system.orderUrl, 'POST', '/orders/create', { token, body: {} })).status).not.toBe(401);

    expect((await call(system.gatewayUrl, 'POST', '/users/logout', { token })).status).toBe(200);

    await expectRefusedEverywhereWithinASecond(token);
    expect((await call(system.orderUrl, 'POST', '/orders/create', { token, body: {} })).status).toBe(401);
  });

  it('after a demotion to customer the old admin token is refused within 1 s on every port', async () => {
    const { userId, email } = await newCustomer();
    const promoted = await call(system.gatewayUrl, 'PUT', '/users/role', {
      token: adminToken,
      body: { user_id: userId, role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    const { access_token: token } = await signIn(system.gatewayUrl, email);
    expect((await call(system.analyticsUrl, 'GET', '/statistics/profit', { token })).status).toBe(200);
    await expectAcceptedEverywhere(token);

    const demoted = await call(system.gatewayUrl, 'PUT', '/users/role', {
      token: adminToken,
      body: { user_id: userId, role: 'customer' },
    });
    expect(demoted.status).toBe(200);

    await expectRefusedEverywhereWithinASecond(token);
  });

  it('after account deletion the old access token is refused within 1 s on every port', async () => {
    const { token } = await newCustomer();
    await expectAcceptedEverywhere(token);

    const deletion = { token, body: { current_password: 'correct-horse-battery' } };
    expect((await call(system.gatewayUrl, 'DELETE', '/users/delete', deletion)).status).toBe(200);

    await expectRefusedEverywhereWithinASecond(token);
  });

  it("auth's /internal/revocations refuses a caller without the internal credential", async () => {
    const bare = await fetch(`${system.authUrl}/internal/revocations`);
    const wrong = await fetch(`${system.authUrl}/internal/revocations`, {
      headers: { 'x-internal-token': 'not-the-internal-token-not-the-internal-token' },
    });

    expect(bare.status).toBe(401);
    expect(bare.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.status).toBe(401);
    await Promise.all([bare.text(), wrong.text()]);
  });
});
