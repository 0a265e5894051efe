// GET /admin/metrics against the real services: the numbers the console's health page shows, read from
// each service's own /metrics, for admins only.
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../fixtures/client.js';
import {
  type Actor,
  ordersDatabase,
  placeOrder,
  signInAdmin,
  signInCustomer,
  stockProduct,
} from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();

interface ServiceMetrics {
  service: string;
  outbox_lag_seconds: number | null;
  dead_letters: number | null;
  saga_duration_seconds?: { count: number; sum: number; p50?: number; p95?: number };
}

describe('GET /admin/metrics', () => {
  let system: RunningSystem;
  let admin: Actor;

  beforeAll(async () => {
    system = await startSystem(env);
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers every service’s outbox lag and dead letters, and the order saga’s duration once an order ran', async () => {
    const customer = await signInCustomer(system.gatewayUrl);
    const orders = ordersDatabase(env);
    const product = await stockProduct(admin, orders, 5, 3);
    await orders.end();
    const orderId = await placeOrder(customer, product, 1);
    expect((await customer.call('POST', '/orders/execute', { id: orderId })).status).toBe(200);

    const response = await admin.call('GET', '/admin/metrics');

    expect(response.status).toBe(200);
    expect(response.body.unavailable).toEqual([]);
    const byService = new Map<string, ServiceMetrics>(
      (response.body.services as ServiceMetrics[]).map((metrics) => [metrics.service, metrics]),
    );
    expect([...byService.keys()].sort()).toEqual(['analytics', 'auth', 'catalog', 'order']);
    for (const service of ['auth', 'catalog', 'order']) {
      expect(byService.get(service)?.outbox_lag_seconds, service).toEqual(expect.any(Number));
    }
    for (const service of ['catalog', 'order', 'analytics']) {
      expect(byService.get(service)?.dead_letters, service).toEqual(expect.any(Number));
    }
    const saga = byService.get('order')?.saga_duration_seconds;
    expect(saga?.count).toBeGreaterThanOrEqual(1);
    expect(saga?.sum).toBeGreaterThan(0);
    expect(saga?.p50).toBeGreaterThan(0);
    expect(saga?.p95).toBeGreaterThanOrEqual(saga?.p50 ?? 0);
    expect(byService.get('catalog')).not.toHaveProperty('saga_duration_seconds');
  });

  it('refuses a customer with 403 and an anonymous caller with 401, as problem+json', async () => {
    const customer = await signInCustomer(system.gatewayUrl);

    const asCustomer = await customer.call('GET', '/admin/metrics');
    const anonymous = await call(system.gatewayUrl, 'GET', '/admin/metrics');

    expect(asCustomer.status).toBe(403);
    expect(asCustomer.body).not.toHaveProperty('services');
    expect(anonymous.status).toBe(401);
    for (const answer of [asCustomer, anonymous]) {
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
