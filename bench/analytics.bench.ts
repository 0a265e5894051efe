// Statistics latency at 10k and 1M sales lines: each route through the analytics HTTP API (facts of the
// edge days + day aggregates) next to the naive query that scans the facts for the same answer (the
// "grows with every order" reference); then order.executed events/s ingested from the queue.
import { randomUUID } from 'node:crypto';
import { topologyNames } from '@shop/messaging';
import amqplib from 'amqplib';
import postgres from 'postgres';
import { benchConfig, scaledCount } from './config.js';
import { withBenchDatabase } from './database.js';
import { percentile, runLoad } from './load.js';
import { startProcess } from './processes.js';
import { perSecond, writeResults } from './report.js';

const PORTS = { auth: 18_381, analytics: 18_384 };
const SIZES = [10_000, 1_000_000].map((lines) => Math.round(lines * benchConfig.scale));
const EVENTS = scaledCount(20_000);
const LATENCY_MS = Math.max(300, Math.round(3_000 * benchConfig.scale));
const PRODUCTS = 200;
const CATEGORIES = 20;
const DAYS = 180;
const FIRST_DAY = '2025-01-01';
// Half a day in from both ends: every route reads two partial days from the facts.
const FROM = '2025-01-01T12:00:00Z';
const TO = '2025-06-29T12:00:00Z';
const LINES_PER_ORDER = 3;

type Sql = postgres.Sql;

/** The same answers computed by scanning the facts of the period, as a system without aggregates would. */
const naiveQueries: Record<string, (sql: Sql) => Promise<unknown>> = {
  profit: (sql) => sql`
    select count(distinct order_id), sum(revenue), sum(cost), sum(revenue) - sum(cost)
    from sales where executed_at >= ${FROM} and executed_at < ${TO}`,
  'product-sales': (sql) => sql`
    select s.product_id, coalesce(p.catalog_name, p.sold_as), sum(s.quantity),
      round(100 * sum(s.quantity) / sum(sum(s.quantity)) over (), 2)
    from sales s left join products p using (product_id)
    where executed_at >= ${FROM} and executed_at < ${TO}
    group by s.product_id, p.catalog_name, p.sold_as order by 3 desc, 1`,
  'category-product-sales': (sql) => sql`
    select category_id, product_id, sum(quantity),
      sum(sum(quantity)) over (partition by category_id),
      round(100 * sum(quantity) / sum(sum(quantity)) over (partition by category_id), 2)
    from sales where executed_at >= ${FROM} and executed_at < ${TO}
    group by category_id, product_id order by 4 desc, 1, 3 desc, 2`,
  'sales-over-time': (sql) => sql`
    select date_trunc('day', executed_at at time zone 'UTC'), count(distinct order_id), sum(quantity),
      sum(revenue), sum(revenue) - sum(cost)
    from sales where executed_at >= ${FROM} and executed_at < ${TO} group by 1 order by 1`,
};

/** Adds `orders` orders of three lines each, spread evenly over the days, with ids after `firstOrder`. */
async function generateSales(sql: Sql, firstOrder: number, orders: number): Promise<void> {
  const spacingSeconds = (DAYS * 86_400) / orders;
  await sql`
    insert into orders (order_id, status, executed_at)
    select ${firstOrder} + 1 + o, 'executed', ${FIRST_DAY}::timestamptz + o * ${spacingSeconds}::float8 * interval '1 second'
    from generate_series(0, ${orders - 1}) as o`;
  await sql`
    insert into sales (order_id, product_id, category_id, product_name, category_name, quantity,
      unit_price, unit_cost, revenue, cost, executed_at)
    select o.order_id, line.product_id, line.product_id % ${CATEGORIES} + 1, 'Product ' || line.product_id,
      'Category ' || (line.product_id % ${CATEGORIES} + 1), line.quantity, line.price, line.cost,
      line.quantity * line.price, line.quantity * line.cost, o.executed_at
    from orders o
      cross join generate_series(0, ${LINES_PER_ORDER - 1}) as k
      cross join lateral (
        select (o.order_id * 7 + k * 61) % ${PRODUCTS} + 1 as product_id, 1 + (o.order_id + k) % 5 as quantity,
          (5 + (o.order_id * 7 + k * 61) % 50)::numeric + 0.99 as price,
          round((3 + (o.order_id * 7 + k * 61) % 30)::numeric * 1.1, 2) as cost
      ) as line
    where o.order_id > ${firstOrder}`;
}

async function seedNames(sql: Sql): Promise<void> {
  await sql`insert into categories (category_id, catalog_name)
    select c, 'Category ' || c from generate_series(1, ${CATEGORIES}) as c`;
  await sql`insert into products (product_id, catalog_name, active)
    select p, 'Product ' || p, true from generate_series(1, ${PRODUCTS}) as p`;
}

async function naiveLatency(sql: Sql, query: (sql: Sql) => Promise<unknown>) {
  const latencies: number[] = [];
  const deadline = performance.now() + LATENCY_MS;
  while (latencies.length < 5 || performance.now() < deadline) {
    const started = performance.now();
    await query(sql);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { runs: latencies.length, p50_ms: percentile(latencies, 0.5), p99_ms: percentile(latencies, 0.99) };
}

/** Publishes order.executed envelopes as the order service would, and times until all are counted. */
async function ingest(sql: Sql, prefix: string, firstOrder: number) {
  const connection = await amqplib.connect(benchConfig.amqpUrl, { noDelay: true });
  const channel = await connection.createConfirmChannel();
  const { exchange } = topologyNames(prefix);
  const started = performance.now();
  for (let sent = 0; sent < EVENTS; sent += 500) {
    for (let i = sent; i < Math.min(sent + 500, EVENTS); i++) {
      const id = randomUUID();
      const items = [0, 1, 2].map((k) => ({
        product_id: ((i * 7 + k * 61) % PRODUCTS) + 1,
        product_name: `Product ${((i * 7 + k * 61) % PRODUCTS) + 1}`,
        category_id: ((((i * 7 + k * 61) % PRODUCTS) + 1) % CATEGORIES) + 1,
        category_name: `Category ${((((i * 7 + k * 61) % PRODUCTS) + 1) % CATEGORIES) + 1}`,
        quantity: 2,
        unit_price: 9.99,
        unit_cost: 4.5,
      }));
      const data = {
        order_id: firstOrder + i + 1,
        user_id: 1,
        country_code: 'FR',
        executed_at: new Date().toISOString(),
        items,
        total: 59.94,
      };
      const envelope = {
        id,
        type: 'order.executed',
        version: 1,
        occurred_at: data.executed_at,
        source: 'order',
      };
      const body = Buffer.from(JSON.stringify({ ...envelope, correlation_id: id, data }));
      channel.publish(exchange, 'order.executed', body, { messageId: id, persistent: true, mandatory: true });
    }
    await channel.waitForConfirms();
  }
  for (;;) {
    const [row] = await sql<{ count: number }[]>`
      select count(*)::int as count from orders where order_id > ${firstOrder}`;
    if ((row?.count ?? 0) >= EVENTS) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const elapsed = performance.now() - started;
  await connection.close();
  return { events: EVENTS, lines_per_event: LINES_PER_ORDER, per_s: perSecond(EVENTS, elapsed) };
}

await withBenchDatabase(async (databaseUrl, prefix) => {
  const shared = { DATABASE_URL: databaseUrl, AMQP_PREFIX: prefix, NODE_ENV: 'development' };
  const auth = await startProcess('services/auth/src/main.ts', `http://127.0.0.1:${PORTS.auth}`, {
    ...shared,
    PORT: String(PORTS.auth),
  });
  const analytics = await startProcess(
    'services/analytics/src/main.ts',
    `http://127.0.0.1:${PORTS.analytics}`,
    {
      ...shared,
      PORT: String(PORTS.analytics),
      AUTH_URL: auth.origin,
    },
  );
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {}, connection: { search_path: 'analytics' } });
  try {
    const login = await fetch(`${auth.origin}/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@shop.local', password: 'admin-password-123' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token}` };
    await seedNames(sql);

    const sizes: Record<string, unknown> = {};
    let orders = 0;
    for (const lines of SIZES) {
      const added = Math.round(lines / LINES_PER_ORDER) - orders;
      let started = performance.now();
      await generateSales(sql, orders, added);
      orders += added;
      const generateMs = Math.round(performance.now() - started);
      started = performance.now();
      const rebuild = await fetch(`${analytics.origin}/statistics/rebuild`, { method: 'POST', headers });
      const rebuilt = await rebuild.json();
      const rebuildMs = Math.round(performance.now() - started);
      await sql`vacuum analyze sales`;
      await sql`vacuum analyze daily_product_sales`;
      await sql`vacuum analyze daily_sales`;

      const routes: Record<string, unknown> = {};
      const period = `from=${FROM}&to=${TO}`;
      for (const [route, naive] of Object.entries(naiveQueries)) {
        const path = `/statistics/${route}?${period}${route === 'sales-over-time' ? '&interval=day' : ''}`;
        const load = { origin: analytics.origin, path, headers, concurrency: 1 };
        await runLoad({ ...load, durationMs: 500 });
        const { p50_ms, p99_ms, requests, errors } = await runLoad({ ...load, durationMs: LATENCY_MS });
        const reference = await naiveLatency(sql, naive);
        routes[route] = {
          http: { requests, errors, p50_ms, p99_ms },
          naive_full_scan_sql: reference,
          p50_speedup: Math.round((reference.p50_ms / p50_ms) * 10) / 10,
        };
      }
      sizes[`${lines}_lines`] = { orders, generate_ms: generateMs, rebuild_ms: rebuildMs, rebuilt, routes };
    }
    const ingested = await ingest(sql, prefix, orders);
    await writeResults('analytics', {
      data: `${PRODUCTS} products, ${CATEGORIES} categories, ${LINES_PER_ORDER} lines per order over ${DAYS} UTC days`,
      period: `from=${FROM} to=${TO} (two partial edge days read from the facts)`,
      latency:
        'one client, keep-alive, straight to analytics; naive = the same answer scanning the facts in SQL',
      sizes,
      order_executed_ingested: ingested,
      analytics_peak_rss_mib: await analytics.peakRssMiB(),
    });
  } finally {
    await sql.end();
    await analytics.stop();
    await auth.stop();
  }
});
