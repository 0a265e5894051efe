import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ACCESS_AUDIENCE, TokenSigner } from '@shop/identity';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn } from '../fixtures/client.js';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

describe('sessions and roles through the gateway', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem(env);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('after logout the old access token is refused by the gateway within 1 s and the refresh token is dead', async () => {
    const tokens = await signIn(system.gatewayUrl, `logout-${randomUUID()}@shop.test`);
    expect((await call(system.gatewayUrl, 'GET', '/users/me', { token: tokens.access_token })).status).toBe(
      200,
    );

    const logout = await call(system.gatewayUrl, 'POST', '/users/logout', { token: tokens.access_token });
    expect(logout.status).toBe(200);
    const refused = await waitFor(
      async () => (await call(system.gatewayUrl, 'GET', '/products', { token: tokens.access_token })).status,
      {
        until: (status) => status === 401,
        timeoutMs: 1_000,
        intervalMs: 20,
        what: 'the gateway to refuse the token',
      },
    );

    expect(refused).toBe(401);
    const refresh = await call(system.gatewayUrl, 'POST', '/users/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    expect(refresh.status).toBe(401);
  });

  it('a customer on an admin route gets 403 and the admin gets through', async () => {
    const customer = await signIn(system.gatewayUrl, `customer-${randomUUID()}@shop.test`);
    const admin = await signInAdmin(system.gatewayUrl);
    const name = `E2E ${randomUUID().slice(0, 8)}`;

    const asCustomer = await call(system.gatewayUrl, 'POST', '/categories/add', {
      token: customer.access_token,
      body: { name },
    });
    const asAdmin = await call(system.gatewayUrl, 'POST', '/categories/add', {
      token: admin.token,
      body: { name },
    });

    expect(asCustomer.status).toBe(403);
    expect(asCustomer.headers.get('content-type')).toContain('application/problem+json');
    expect(asAdmin.status).toBe(201);
    expect(asAdmin.body).toMatchObject({ name, product_count: 0 });
  });

  it('registering with a role field is refused and creates nobody', async () => {
    const email = `sneaky-${randomUUID()}@shop.test`;
    const register = await call(system.gatewayUrl, 'POST', '/users/add', {
      body: { email, password: 'correct-horse-battery', full_name: 'Sneaky', role: 'admin' },
    });
    const login = await call(system.gatewayUrl, 'POST', '/users/login', {
      body: { email, password: 'correct-horse-battery' },
    });

    expect(register.status).toBe(400);
    expect(login.status).toBe(401);
  });

  it('a service reached without the gateway still refuses a forged admin token', async () => {
    const forger = new TokenSigner(generateKeyPairSync('ed25519').privateKey, 'forged', 'shop-auth');
    const forged = forger.sign(
      { sub: '1', sid: randomUUID(), typ: 'access', aud: ACCESS_AUDIENCE, role: 'admin' },
      60,
    );

    const direct = await call(system.catalogUrl, 'POST', '/categories/add', {
      token: forged,
      body: { name: 'Forged' },
    });

    expect(direct.status).toBe(401);
  });
});
