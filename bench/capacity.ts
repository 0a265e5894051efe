// The capacity plan: from each part's CPU time per executed order (order.bench.ts, measured with one
// replica of everything), the orders/s one core of it sustains and what a 1,000 and a 10,000 orders/s
// shop needs of it. Printed by bench/run.ts as the markdown table the README shows; written to
// bench/results/capacity.json.
import { writeFile } from 'node:fs/promises';
import { resultsOf } from './report.js';

/** How busy a core is planned to be: headroom for bursts, GC and a replica lost. */
const PLANNED_UTILISATION = 0.7;
const SHOPS = [1_000, 10_000];
// Node processes use one core each; PostgreSQL and RabbitMQ use every core of their host.
const SERVERS = new Set(['postgresql', 'rabbitmq']);

export async function reportCapacity(since: Date): Promise<void> {
  const order = await resultsOf('order', since);
  if (!order?.cpu_ms_per_order) return;
  const parts = Object.entries(order.cpu_ms_per_order as Record<string, number>).map(([part, ms]) => ({
    part,
    cpu_ms_per_order: ms,
    orders_per_s_per_core: Math.round(1000 / ms),
    // Cores (one per replica) a shop of each rate needs of this part.
    needs: SHOPS.map((rate) => Math.ceil((rate * ms) / 1000 / PLANNED_UTILISATION)),
  }));
  const unit = (part: string, count: number) =>
    `${SERVERS.has(part) ? 'core' : 'replica'}${count === 1 ? '' : 's'}`;
  console.log(
    `\nCapacity (${order.saga.executed_per_s} orders/s measured; one core per replica at ${PLANNED_UTILISATION * 100} % busy)`,
  );
  console.log(
    `| part | CPU per order | orders/s per core | ${SHOPS.map((r) => `${r.toLocaleString('en')} orders/s`).join(' | ')} |`,
  );
  console.log(`|---|---|---|${SHOPS.map(() => '---|').join('')}`);
  for (const row of parts) {
    const needs = row.needs.map((count) => `${count} ${unit(row.part, count)}`).join(' | ');
    console.log(`| ${row.part} | ${row.cpu_ms_per_order} ms | ${row.orders_per_s_per_core} | ${needs} |`);
  }
  const document = {
    measured_at: order.measured_at,
    measured_orders_per_s: order.saga.executed_per_s,
    planned_utilisation: PLANNED_UTILISATION,
    shops_orders_per_s: SHOPS,
    parts,
  };
  await writeFile(
    new URL('./results/capacity.json', import.meta.url),
    `${JSON.stringify(document, null, 2)}\n`,
  );
}
