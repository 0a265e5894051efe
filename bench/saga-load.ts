// Customers creating and executing orders through the gateways, recording every outcome, so a run
// can report throughput and then check the books: no oversell, no lost order, statistics exact.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'undici';
import { percentile } from './load.js';

type Json = Record<string, unknown>;

export interface Line {
  product_id: number;
  quantity: number;
}

/** One order as its customer saw it: its lines and the execute's answer. */
export interface OrderRecord {
  id: number;
  token: string;
  pool: Pool;
  lines: Line[];
  status: number;
  total: number;
}

export interface SagaLoadResult {
  records: OrderRecord[];
  /** Orders created and executed to an answer (200, 409 or 202) per second. */
  orders_per_s: number;
  executed_per_s: number;
  execute_p50_ms: number;
  execute_p99_ms: number;
  /** How many executes answered each status. */
  outcomes: Record<number, number>;
}

export async function call(pool: Pool, method: string, path: string, body?: unknown, token?: string) {
  const response = await pool.request({
    method: method as 'GET',
    path,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.statusCode, body: (await response.body.json().catch(() => null)) as Json };
}

export async function ok(pool: Pool, method: string, path: string, body?: unknown, token?: string) {
  const answer = await call(pool, method, path, body, token);
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * Logs in as the development admin and adds `count` products (ids 1..count) with `stock` units each,
 * or as many as `stock(id)` says.
 */
export async function seedProducts(
  pool: Pool,
  count: number,
  stock: number | ((productId: number) => number),
): Promise<string> {
  const login = { email: 'admin@shop.local', password: 'admin-password-123' };
  const admin = String((await ok(pool, 'POST', '/users/login', login)).access_token);
  for (let i = 1; i <= count; i++) {
    const product = {
      name: `Load product ${i}`,
      quantity: typeof stock === 'number' ? stock : stock(i),
      price: 10 + i,
      cost: 4 + (i % 5),
      category: `Load ${i % 3}`,
    };
    await ok(pool, 'POST', '/products/add', product, admin);
  }
  return admin;
}

/** Registers and logs in `count` customers; returns their access tokens. */
export async function registerCustomers(pool: Pool, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const credentials = { email: `load-${i}-${Date.now()}@shop.test`, password: 'load-password' };
    await ok(pool, 'POST', '/users/add', { ...credentials, full_name: `Load ${i}` });
    tokens.push(String((await ok(pool, 'POST', '/users/login', credentials)).access_token));
  }
  return tokens;
}

/** Waits until the order service's replica of the catalog knows product `productId`. */
export async function waitForOrderReplica(pool: Pool, token: string, productId: number): Promise<void> {
  const probe = { location: 'DE', items: [{ product_id: productId, quantity: 1 }] };
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
    const { status, body } = await call(pool, 'POST', '/orders/create', probe, token);
    if (status === 201) {
      await ok(pool, 'DELETE', '/orders/delete', { id: body.id }, token);
      return;
    }
  }
  throw new Error('the order service never learned the products');
}

function randomLines(products: number, lines: number, maxQuantity: number): Line[] {
  const ids = new Set<number>();
  while (ids.size < lines) ids.add(1 + Math.floor(Math.random() * products));
  return [...ids].map((product_id) => ({
    product_id,
    quantity: 1 + Math.floor(Math.random() * maxQuantity),
  }));
}

/** Each token is a client, on the gateways in turn: create an order, execute it, repeat until `seconds` pass. */
export async function driveOrders(options: {
  pools: Pool[];
  tokens: string[];
  seconds: number;
  products: number;
  lines: number;
  maxQuantity: number;
}): Promise<SagaLoadResult> {
  const records: OrderRecord[] = [];
  const latencies: number[] = [];
  const outcomes: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    options.tokens.map(async (token, client) => {
      const pool = options.pools[client % options.pools.length] as Pool;
      while (performance.now() < deadline) {
        const lines = randomLines(options.products, options.lines, options.maxQuantity);
        const order = await ok(pool, 'POST', '/orders/create', { location: 'DE', items: lines }, token);
        const executeStarted = performance.now();
        const { status } = await call(pool, 'POST', '/orders/execute', { id: order.id }, token);
        latencies.push(performance.now() - executeStarted);
        outcomes[status] = (outcomes[status] ?? 0) + 1;
        records.push({ id: Number(order.id), token, pool, lines, status, total: Number(order.total) });
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    records,
    orders_per_s: Math.round((records.length / elapsed) * 1000),
    executed_per_s: Math.round(((outcomes[200] ?? 0) / elapsed) * 1000),
    execute_p50_ms: percentile(latencies, 0.5),
    execute_p99_ms: percentile(latencies, 0.99),
    outcomes,
  };
}

/** Every order's final status (waiting out those still executing), by order id. */
export async function settledStatuses(records: OrderRecord[]): Promise<Map<number, Json>> {
  const settled = new Map<number, Json>();
  for (const record of records) {
    for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
      const order = await ok(record.pool, 'GET', `/orders/${record.id}`, undefined, record.token);
      if (order.status !== 'executing' || Date.now() > deadline) {
        settled.set(record.id, order);
        break;
      }
    }
  }
  return settled;
}
