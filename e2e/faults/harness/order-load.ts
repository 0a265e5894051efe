// Order load through the gateway: a few customers each creating and executing one-line orders
// against a few products with limited stock, as fast as the system answers, until stopped.
import { randomUUID } from 'node:crypto';
import type { Sql } from '@shop/platform';
import { waitFor } from '@shop/testing';
import { call, signIn } from '../../fixtures/client.js';

/** A signed-in user calling through the gateway. */
export interface Actor {
  token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** An execute the load sent and what it was answered (0: no answer at all). */
export interface SentExecute {
  orderId: number;
  productId: number;
  quantity: number;
  status: number;
  /** When the answer came (ms since the epoch). */
  answeredAt: number;
}

export interface LoadResult {
  /** Executes answered 200, 202 or 409 with shortages: the system took them on. */
  accepted: SentExecute[];
  /** Every execute sent, whatever the answer. */
  sent: SentExecute[];
  /** Creates or executes answered otherwise (5xx, no answer) while the fault lasted. */
  failures: number;
}

export interface RunningLoad {
  /** Executes answered so far. */
  answered(): number;
  /** Executes answered 200 or 409 (the saga settled them within the wait) after `since`. */
  settledSince(since: number): number;
  /** Stops the customers after their call in flight; what they did. */
  stop(): Promise<LoadResult>;
}

/** Signs in as `email` (registering first); an Actor. */
export async function signInAs(
  gatewayUrl: string,
  email = `customer-${randomUUID()}@shop.test`,
): Promise<Actor> {
  const { access_token } = await signIn(gatewayUrl, email);
  return actor(gatewayUrl, access_token);
}

/** Signs the seeded admin in. */
export async function signInAdmin(gatewayUrl: string): Promise<Actor> {
  const login = await call(gatewayUrl, 'POST', '/users/login', {
    body: { email: 'admin@shop.local', password: 'admin-password-123' },
  });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  return actor(gatewayUrl, login.body.access_token as string);
}

function actor(gatewayUrl: string, token: string): Actor {
  return {
    token,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${gatewayUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = { text };
      }
      return { status: response.status, body: parsed };
    },
  };
}

/** A product the load orders from, with its stock when added. */
export interface StockedProduct {
  id: number;
  initialStock: number;
  price: number;
}

/** Adds `count` products of `stock` units as the admin; waits until the order service's replica has them. */
export async function stockProducts(
  admin: Actor,
  orders: Sql,
  count: number,
  stock: number,
): Promise<StockedProduct[]> {
  const products: StockedProduct[] = [];
  for (let i = 0; i < count; i++) {
    const price = 10 + i + 0.37;
    const added = await admin.call('POST', '/products/add', {
      name: `Fault ${randomUUID().slice(0, 12)}`,
      quantity: stock,
      price,
      category: 'faults',
      cost: 4.11,
    });
    if (added.status !== 201)
      throw new Error(`product not added: ${added.status} ${JSON.stringify(added.body)}`);
    products.push({ id: added.body.id as number, initialStock: stock, price });
  }
  const ids = products.map((product) => product.id);
  await waitFor(
    async () =>
      (await orders`select id from catalog_products where id = any(${ids}::int[]) and active`).length,
    {
      until: (found) => found === ids.length,
      timeoutMs: 30_000,
      what: `products ${ids} in the order replica`,
    },
  );
  return products;
}

export interface LoadOptions {
  customers: Actor[];
  products: StockedProduct[];
  /** Units per order, cycling (default 1, 2, 3). */
  quantities?: number[];
}

/** Starts the customers ordering; each creates one order, executes it, and goes on until stopped. */
export function orderLoad({ customers, products, quantities = [1, 2, 3] }: LoadOptions): RunningLoad {
  const sent: SentExecute[] = [];
  let failures = 0;
  let stopped = false;
  let turn = 0;
  async function customerLoop(customer: Actor): Promise<void> {
    while (!stopped) {
      const step = turn++;
      const product = products[step % products.length] as StockedProduct;
      const quantity = quantities[step % quantities.length] as number;
      const created = await customer
        .call('POST', '/orders/create', { location: 'DE', items: [{ product_id: product.id, quantity }] })
        .catch(() => null);
      if (created?.status !== 201) {
        failures++;
        await pause(); // the system is away: do not spin against it
        continue;
      }
      const orderId = created.body.id as number;
      const executed = await customer.call('POST', '/orders/execute', { id: orderId }).catch(() => null);
      sent.push({
        orderId,
        productId: product.id,
        quantity,
        status: executed?.status ?? 0,
        answeredAt: Date.now(),
      });
      if (!executed || executed.status >= 500) {
        failures++;
        await pause();
      }
    }
  }
  const loops = customers.map(customerLoop);
  return {
    answered: () => sent.length,
    settledSince: (since) =>
      sent.filter(
        (execute) => execute.answeredAt > since && (execute.status === 200 || execute.status === 409),
      ).length,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return { sent, accepted: sent.filter(isAccepted), failures };
    },
  };
}

/** 200 executed, 202 executing, 409 with shortages: the order service took the execute on. */
export function isAccepted(execute: SentExecute): boolean {
  return execute.status === 200 || execute.status === 202 || execute.status === 409;
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200));
}
