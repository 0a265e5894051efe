// Scale-out without Docker: the saga under load through two gateways in front of 3 catalogs,
// 2 order services and 2 analytics services (local processes), next to the same load on one
// replica of each. Then the books are checked: no oversell, no lost order, statistics exact, and
// every replica did part of the work. Exits 1 when a check fails. Each shape's CPU time per order of
// every part, and what its processes use while nothing is asked of them, say what bounds the ratio.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { scaledSeconds } from './config.js';
import { withBenchDatabase } from './database.js';
import { writeResults } from './report.js';
import {
  call,
  driveOrders,
  type OrderRecord,
  ok,
  registerCustomers,
  seedProducts,
  settledStatuses,
  waitForOrderReplica,
} from './saga-load.js';
import { cpuMsPer, cpuSecondsByPart, type RunningStack, type StackShape, startStack } from './stack.js';

const SECONDS = scaledSeconds(10);
const WARM_UP_SECONDS = scaledSeconds(5);
const CLIENTS = 16;
const PRODUCTS = 20;
// Product 1 is short: it sells out early in the warm-up, after which both shapes measure the same mix
// (the orders with a line of it, about 15 %, rejected) and the no-oversell check has a product every
// catalog contended for. The others never run short, so neither shape measures a different mix of
// executions and (cheaper) rejections because it went faster or slower.
const SHORT_PRODUCT = 1;
const SHORT_STOCK = 30;
const STOCK = 1_000_000;
const stockOf = (productId: number) => (productId === SHORT_PRODUCT ? SHORT_STOCK : STOCK);
// Seconds the stack is watched with no load, after the seeding has settled: what idle replicas cost.
const SETTLE_SECONDS = scaledSeconds(2);
const IDLE_SECONDS = scaledSeconds(4);

/** The sum of a metric's samples whose labels include `labels`, from a service's /metrics. */
async function metricSum(origin: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

const handled = (type: string) => ({ type, outcome: 'handled' });

async function workShares(stack: RunningStack) {
  const each = (processes: { origin: string }[], name: string, labels?: Record<string, string>) =>
    Promise.all(processes.map((process) => metricSum(process.origin, name, labels)));
  return {
    gateway_requests: await each(stack.gateways, 'http_request_duration_seconds_count'),
    catalog_reservations: await each(
      stack.replicas.catalog,
      'messages_handled_total',
      handled('order.execution-requested'),
    ),
    order_executes: await each(stack.replicas.order, 'http_request_duration_seconds_count', {
      route: '/orders/execute',
    }),
    order_settlements: await each(stack.replicas.order, 'messages_handled_total', handled('stock.reserved')),
    analytics_sales: await each(
      stack.replicas.analytics,
      'messages_handled_total',
      handled('order.executed'),
    ),
  };
}

/** Checks the books after the run; returns the failures (none when all is well). */
async function audit(
  records: OrderRecord[],
  gateway: Pool,
  admin: string,
): Promise<{ failures: string[]; executed: number }> {
  const failures: string[] = [];
  const final = await settledStatuses(records);
  const executed = records.filter((record) => final.get(record.id)?.status === 'executed');
  for (const record of records) {
    const order = final.get(record.id);
    const settled = order?.status === 'executed' || (order?.status === 'pending' && order.rejection);
    if (!settled)
      failures.push(`order ${record.id} ended ${JSON.stringify(order?.status)} without a rejection`);
  }
  for (let productId = 1; productId <= PRODUCTS; productId++) {
    const sold = executed
      .flatMap((record) => record.lines)
      .filter((line) => line.product_id === productId)
      .reduce((sum, line) => sum + line.quantity, 0);
    const product = await ok(gateway, 'GET', `/products/${productId}`, undefined, admin);
    if (product.quantity !== stockOf(productId) - sold)
      failures.push(
        `product ${productId}: stock ${product.quantity}, expected ${stockOf(productId)} - ${sold} sold`,
      );
  }
  const revenue = executed.reduce((sum, record) => sum + Math.round(record.total * 100), 0) / 100;
  let profit: Record<string, unknown> = {};
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    profit = (await call(gateway, 'GET', '/statistics/profit', undefined, admin)).body;
    if (profit.number_of_executed_orders === executed.length && profit.total_revenue === revenue) break;
    await sleep(200);
  }
  if (profit.number_of_executed_orders !== executed.length || profit.total_revenue !== revenue)
    failures.push(
      `statistics ${JSON.stringify(profit)} vs ${executed.length} executed orders, revenue ${revenue}`,
    );
  return { failures, executed: executed.length };
}

const sumOf = (parts: Record<string, number>) =>
  Math.round(Object.values(parts).reduce((sum, ms) => sum + ms, 0) * 100) / 100;

async function runShape(shape: StackShape, firstPort: number) {
  return withBenchDatabase(async (databaseUrl, prefix) => {
    const stack = await startStack(databaseUrl, prefix, shape, firstPort);
    const pools = stack.gateways.map((gateway) => new Pool(gateway.origin, { connections: CLIENTS }));
    const first = pools[0] as Pool;
    try {
      const admin = await seedProducts(first, PRODUCTS, stockOf);
      const tokens = await registerCustomers(first, CLIENTS);
      await waitForOrderReplica(first, tokens[0] as string, PRODUCTS);
      const cpuSeconds = () => cpuSecondsByPart(stack, databaseUrl);
      await sleep(SETTLE_SECONDS * 1000);
      const idleFrom = await cpuSeconds();
      await sleep(IDLE_SECONDS * 1000);
      const idle = cpuMsPer(IDLE_SECONDS, idleFrom, await cpuSeconds());
      const orders = { pools, tokens, products: PRODUCTS, lines: 3, maxQuantity: 3 };
      const warmUp = await driveOrders({ ...orders, seconds: WARM_UP_SECONDS });
      const loadFrom = await cpuSeconds();
      const { records, ...load } = await driveOrders({ ...orders, seconds: SECONDS });
      const perOrder = cpuMsPer(records.length, loadFrom, await cpuSeconds());
      const { failures, executed } = await audit([...warmUp.records, ...records], first, admin);
      const shares = await workShares(stack);
      for (const [work, counts] of Object.entries(shares))
        if (counts.some((count) => count === 0)) failures.push(`a replica did none of ${work}: ${counts}`);
      const all = warmUp.records.length + records.length;
      return {
        shape,
        orders: all,
        executed,
        ...load,
        cpu_ms_per_order: { ...perOrder, all: sumOf(perOrder) },
        idle_cpu_ms_per_s: { ...idle, all: sumOf(idle) },
        work_per_replica: shares,
        failures,
      };
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
      await stack.stop();
    }
  });
}

const single = await runShape({ catalog: 1, order: 1, analytics: 1, gateway: 1 }, 18_380);
const scaled = await runShape({ catalog: 3, order: 2, analytics: 2, gateway: 2 }, 18_480);
await writeResults('scale-out', {
  workload: `${CLIENTS} clients, 3-line orders (1-3 units a line) over ${PRODUCTS} products (product ${SHORT_PRODUCT} of ${SHORT_STOCK} units, sold out in the warm-up; the others of ${STOCK}), ${SECONDS} s measured after ${WARM_UP_SECONDS} s of warm-up (the audit covers both)`,
  single,
  scaled,
  scaled_to_single_orders_ratio: Math.round((scaled.orders_per_s / single.orders_per_s) * 100) / 100,
});
const failures = [...single.failures, ...scaled.failures];
if (failures.length > 0) {
  console.error(`scale-out checks failed:\n${failures.join('\n')}`);
  process.exit(1);
}
