// The Shop as docker-compose.yml runs it, on a real engine: the image built once, every container
// healthy, a customer's story through the gateway, replicas added without touching the rest and
// sharing the saga's messages, PostgreSQL and RabbitMQ restarted under orders with none lost.
// Here the base images are local stand-ins (../shared/tools/docker-offline.sh); with a registry,
// the same test runs on the official ones.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signInAdmin, signInCustomer } from '../fixtures/order-saga-fixtures.js';
import { composeProject, handledMessages } from './compose-project.js';

const project = composeProject(
  `shop-compose-test-${process.pid}`,
  Number(process.env.COMPOSE_GATEWAY_PORT ?? 18480),
);
const timings: Record<string, number> = {};

async function timed<T>(step: string, action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await action();
  } finally {
    timings[step] = Math.round(performance.now() - started);
  }
}

/** Retries a call through the gateway until it answers `expected` (a restart in progress answers 5xx or nothing). */
async function until(expected: number, send: () => ReturnType<Actor['call']>, what: string) {
  return waitFor(() => send().catch(() => ({ status: 0, body: {} }) as Awaited<ReturnType<Actor['call']>>), {
    until: (response) => response.status === expected,
    timeoutMs: 120_000,
    intervalMs: 250,
    what,
  });
}

async function importProduct(admin: Actor, quantity: number): Promise<{ id: number; name: string }> {
  const name = `Compose ${randomUUID().slice(0, 8)}`;
  const imported = await fetch(`${project.gatewayUrl}/products/bulk-import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv; charset=utf-8' },
    body: `name,quantity,category,price,cost\n${name},${quantity},compose,10.00,4.00\n`,
  });
  expect(imported.status).toBe(200);
  expect(await imported.json()).toMatchObject({ total_rows: 1, inserted: 1, rejected: 0 });
  const listed = await admin.call('GET', `/products?name=${encodeURIComponent(name)}`);
  const [product] = listed.body.items as { id: number }[];
  if (!product) throw new Error(`imported ${name} is not listed`);
  return { id: product.id, name };
}

/** POST /orders/create with an Idempotency-Key, so that a retry is the same order. */
async function createOrder(customer: Actor, key: string, productId: number, quantity: number) {
  const response = await fetch(`${project.gatewayUrl}/orders/create`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${customer.token}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify({ location: 'DE', items: [{ product_id: productId, quantity }] }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/**
 * Creates and executes one order of one line, retrying through restarts; an execute whose answer
 * was lost may have gone through, so the order's own status decides.
 */
async function orderAndExecute(customer: Actor, productId: number, quantity: number): Promise<number> {
  const key = randomUUID();
  const created = await until(
    201,
    () => createOrder(customer, key, productId, quantity),
    'the order created',
  );
  const id = created.body.id as number;
  const statusAfterExecute = async () => {
    const executed = await customer.call('POST', '/orders/execute', { id });
    if (executed.status === 200) return 'executed';
    return (await customer.call('GET', `/orders/${id}`)).body.status;
  };
  await waitFor(() => statusAfterExecute().catch(() => 'unknown'), {
    until: (status) => status === 'executed',
    timeoutMs: 120_000,
    intervalMs: 250,
    what: `order ${id} executed`,
  });
  return id;
}

/**
 * Waits until every running container reports healthy again (`up --wait` gives up at the first
 * unhealthy one, and a service's /readyz is 503 for a while after the broker is back).
 */
async function everyContainerHealthy(): Promise<void> {
  await waitFor(() => project.compose('ps', '--format', '{{.Name}} {{.Health}}'), {
    until: (lines) =>
      lines
        .trim()
        .split('\n')
        .every((line) => line.endsWith(' healthy')),
    timeoutMs: 120_000,
    intervalMs: 1000,
    what: 'every container healthy',
  });
}

async function handledPerReplica(service: string, replicas: number): Promise<number[]> {
  const counts: number[] = [];
  for (let index = 1; index <= replicas; index++)
    counts.push(handledMessages(await project.metricsOf(service, index)));
  return counts;
}

describe('docker compose, for real', () => {
  let admin: Actor;
  let customer: Actor;

  beforeAll(async () => {
    await timed('build', () => project.compose('build'));
    await timed('up until healthy', () => project.compose('up', '-d', '--wait'));
    admin = await signInAdmin(project.gatewayUrl);
    customer = await signInCustomer(project.gatewayUrl);
  });

  afterAll(async () => {
    await timed('down -v', () => project.compose('down', '-v', '--remove-orphans'));
    console.log(`compose test timings (ms): ${JSON.stringify(timings)}`);
  });

  it('the image runs the built JavaScript with no TypeScript loader in it', async () => {
    const probe = `import('tsx').then(() => console.log('tsx present'), () => console.log('no tsx'))`;

    const found = await project.compose('run', '--rm', '--no-deps', '-T', 'gateway', 'node', '-e', probe);

    expect(found.trim()).toBe('no tsx');
    expect(await project.compose('ps', '--format', '{{.Command}}')).not.toContain('tsx');
  });

  it('each service is connected to PostgreSQL as its own role', async () => {
    const query = `select string_agg(distinct usename, ',' order by usename) from pg_stat_activity where datname = 'shop' and usename like 'shop\\_%'`;

    const roles = await project.compose(
      'exec',
      '-T',
      'postgres',
      'psql',
      '-U',
      'postgres',
      '-d',
      'shop',
      '-Atc',
      query,
    );

    expect(roles.trim()).toBe('shop_analytics,shop_auth,shop_catalog,shop_order');
  });

  it('a customer registers, signs in, orders an imported product, executes it, and the sale shows in the statistics', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const product = await importProduct(admin, 20);

    const orderId = await orderAndExecute(customer, product.id, 3);

    expect((await customer.call('GET', `/orders/${orderId}`)).body).toMatchObject({ status: 'executed' });
    expect((await admin.call('GET', `/products/${product.id}`)).body).toMatchObject({ quantity: 17 });
    const profit = await waitFor(
      async () => (await admin.call('GET', `/statistics/profit?from=${encodeURIComponent(from)}`)).body,
      { until: (body) => body.number_of_executed_orders === 1, what: 'the sale in the statistics' },
    );
    expect(profit).toMatchObject({ total_revenue: 30, total_cost: 12, total_profit: 18 });
    const docs = await fetch(`${project.gatewayUrl}/docs`);
    const script = (await docs.text()).match(/\/docs\/assets\/scalar-api-reference-[\w.-]+\.js/)?.[0];
    expect(docs.status).toBe(200);
    expect((await fetch(`${project.gatewayUrl}${script}`)).status).toBe(200);
  });

  it('--scale catalog=3 --scale order=2 adds replicas without recreating any running container, and they share the saga', async () => {
    const before = Object.fromEntries(
      await Promise.all(
        ['postgres', 'rabbitmq', 'auth', 'catalog', 'order', 'analytics', 'gateway'].map(
          async (service) => [service, await project.containers(service)] as const,
        ),
      ),
    );

    await timed('scale up', () =>
      project.compose('up', '-d', '--wait', '--scale', 'catalog=3', '--scale', 'order=2'),
    );

    for (const [service, ids] of Object.entries(before))
      expect(await project.containers(service), service).toEqual(expect.arrayContaining(ids));
    expect(await project.containers('catalog')).toHaveLength(3);
    expect(await project.containers('order')).toHaveLength(2);
    const catalogBefore = await handledPerReplica('catalog', 3);
    const orderBefore = await handledPerReplica('order', 2);
    const product = await importProduct(admin, 100);
    for (let order = 0; order < 12; order++) await orderAndExecute(customer, product.id, 1);
    const catalogGained = (await handledPerReplica('catalog', 3)).map(
      (count, i) => count - (catalogBefore[i] ?? 0),
    );
    const orderGained = (await handledPerReplica('order', 2)).map(
      (count, i) => count - (orderBefore[i] ?? 0),
    );
    console.log(
      `messages handled per replica during 12 orders: catalog ${catalogGained}, order ${orderGained}`,
    );
    expect(
      catalogGained.every((count) => count > 0),
      `catalog ${catalogGained}`,
    ).toBe(true);
    expect(
      orderGained.every((count) => count > 0),
      `order ${orderGained}`,
    ).toBe(true);
    expect((await admin.call('GET', `/products/${product.id}`)).body).toMatchObject({ quantity: 88 });
  });

  for (const service of ['postgres', 'rabbitmq'])
    it(`orders placed while ${service} restarts are all executed, each taking its stock once`, async () => {
      const product = await importProduct(admin, 50);
      const orders = Array.from({ length: 5 }, (_, i) => i + 1);

      const [placed] = await Promise.all([
        Promise.all(orders.map((quantity) => orderAndExecute(customer, product.id, quantity))),
        timed(`restart ${service}`, () => project.compose('restart', service)),
      ]);

      await timed(`healthy after ${service}`, () => everyContainerHealthy());
      for (const id of placed)
        expect((await customer.call('GET', `/orders/${id}`)).body, `order ${id}`).toMatchObject({
          status: 'executed',
        });
      expect((await admin.call('GET', `/products/${product.id}`)).body).toMatchObject({ quantity: 50 - 15 });
    });

  it('switched to production, auth refuses the admin still holding the development password and says so in its log', async () => {
    const production = {
      NODE_ENV: 'production',
      JWT_PRIVATE_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
      ADMIN_PASSWORD: 'a-production-password',
      INTERNAL_TOKEN: randomBytes(32).toString('hex'),
      RABBITMQ_USER: 'shop',
      RABBITMQ_PASSWORD: 'a-broker-password',
    };

    await project.composeWith(production, 'up', '-d', '--no-deps', 'auth');

    const logs = await waitFor(() => project.compose('logs', '--no-log-prefix', 'auth'), {
      until: (text) => text.includes('still has the development password'),
      timeoutMs: 60_000,
      intervalMs: 500,
      what: "auth's refusal in its log",
    });
    expect(logs).toContain(
      'the admin admin@shop.local still has the development password: change it (PATCH /users/update) before switching to production',
    );
    expect(await project.compose('ps', '-a', '--format', '{{.Status}}', 'auth')).not.toMatch(/\bhealthy\b/);
  });
});
