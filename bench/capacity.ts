// The capacity plan, from the CPU time per unit of work of each part measured in this run: per
// executed order (order.bench.ts, one replica of everything) and per product read through the gateway
// (catalog.bench.ts), the rate one core of each part sustains and what a shop of each planned rate
// needs of it. Printed by bench/run.ts as the markdown tables the README shows; written to
// bench/results/capacity.json.
import { writeFile } from 'node:fs/promises';
import { resultsOf } from './report.js';

/** How busy a core is planned to be: headroom for bursts, GC and a replica lost. */
const PLANNED_UTILISATION = 0.7;
const ORDER_SHOPS = [1_000, 10_000];
const READ_SHOPS = [10_000, 100_000];
// Node processes use one core each; PostgreSQL and RabbitMQ use every core of their host.
const SERVERS = new Set(['postgresql', 'rabbitmq']);

interface PlannedPart {
  part: string;
  cpu_ms_per_unit: number;
  per_s_per_core: number;
  /** Cores (one per replica) a shop of each planned rate needs of this part. */
  needs: number[];
}

function plan(cpuMsPerUnit: Record<string, number>, shops: number[]): PlannedPart[] {
  return Object.entries(cpuMsPerUnit).map(([part, ms]) => ({
    part,
    cpu_ms_per_unit: ms,
    per_s_per_core: Math.round(1000 / ms),
    needs: shops.map((rate) => Math.ceil((rate * ms) / 1000 / PLANNED_UTILISATION)),
  }));
}

function printPlan(title: string, unit: string, parts: PlannedPart[], shops: number[]): void {
  const count = (part: string, n: number) =>
    `${n} ${SERVERS.has(part) ? 'core' : 'replica'}${n === 1 ? '' : 's'}`;
  console.log(`\n${title}`);
  console.log(
    `| part | CPU per ${unit} | ${unit}s/s per core | ${shops.map((r) => `${r.toLocaleString('en')} ${unit}s/s`).join(' | ')} |`,
  );
  console.log(`|---|---|---|${shops.map(() => '---|').join('')}`);
  for (const row of parts) {
    const cpu =
      row.cpu_ms_per_unit < 1 ? `${Math.round(row.cpu_ms_per_unit * 1000)} µs` : `${row.cpu_ms_per_unit} ms`;
    const needs = row.needs.map((n) => count(row.part, n)).join(' | ');
    console.log(`| ${row.part} | ${cpu} | ${row.per_s_per_core} | ${needs} |`);
  }
}

/**
 * The CPU time per read of the parts serving an authenticated first page (GET /products?limit=20)
 * through the gateway: the heavier of the two routes catalog.bench.ts measures.
 */
function cpuMsPerRead(catalog: Record<string, { cpu_us_per_request: Record<string, number> }>) {
  const { proxy, catalog: service, postgresql } = catalog.through_gateway?.cpu_us_per_request ?? {};
  if (proxy === undefined || service === undefined || postgresql === undefined) return undefined;
  return { gateway: proxy / 1000, catalog: service / 1000, postgresql: postgresql / 1000 };
}

export async function reportCapacity(since: Date): Promise<void> {
  const order = await resultsOf('order', since);
  const catalog = await resultsOf('catalog', since);
  const readCost = catalog && cpuMsPerRead(catalog.first_page);
  const document: Record<string, unknown> = { planned_utilisation: PLANNED_UTILISATION };
  if (order?.cpu_ms_per_order) {
    const parts = plan(order.cpu_ms_per_order, ORDER_SHOPS);
    printPlan(
      `Capacity per order (${order.saga.executed_per_s} orders/s measured; one core per replica at ${PLANNED_UTILISATION * 100} % busy)`,
      'order',
      parts,
      ORDER_SHOPS,
    );
    document.orders = {
      measured_at: order.measured_at,
      measured_per_s: order.saga.executed_per_s,
      shops_per_s: ORDER_SHOPS,
      parts,
    };
  }
  if (readCost) {
    const parts = plan(readCost, READ_SHOPS);
    printPlan(
      `Capacity per read (${catalog.first_page.route} through the gateway, ${catalog.first_page.through_gateway.per_s}/s measured)`,
      'read',
      parts,
      READ_SHOPS,
    );
    document.reads = {
      measured_at: catalog.measured_at,
      route: catalog.first_page.route,
      shops_per_s: READ_SHOPS,
      parts,
    };
  }
  if (!document.orders && !document.reads) return;
  await writeFile(
    new URL('./results/capacity.json', import.meta.url),
    `${JSON.stringify(document, null, 2)}\n`,
  );
}
