// Issue 11's target rows: each row's figure, its reference and its floor, read from the results a
// bench wrote, and whether the target is met. bench/target-table.ts prints them for one run.
import type { Results } from './report.js';

/**
 * The Flask original is not available to the benchmark: its figures as measured on this machine
 * (docs/architecture.md, Reference figures: the original under gunicorn).
 */
export const ORIGINAL = {
  source:
    'docs/architecture.md, Reference figures: the Flask original under gunicorn, measured on this machine',
  executed_orders_per_s: 88, // 16 clients (and it oversells)
  product_reads_per_s: 1_064, // GET /products/?name=X
  logins_per_s: 10.9,
  import_rows_per_s: 503,
} as const;

export interface TargetRow {
  figure: string;
  /** The bench whose results hold the figure (bench/<bench>.bench.ts → results/<bench>.json). */
  bench: string;
  unit: string;
  measured(results: Results): number;
  /** What the figure is compared with; none for an absolute target. */
  reference?: { label: string; value(results: Results): number };
  /**
   * What bounds the figure on this host, measured in the same run and in its unit: the most a bare
   * stand-in without the system's own work reaches. When it falls short of the target as well, no
   * work inside the system meets the target here.
   */
  floor?: { label: string; value(results: Results): number };
  target: string;
  met(measured: number, ratio: number | undefined): boolean;
}

export const targetRows: TargetRow[] = [
  {
    figure: 'executed orders/s, 16 clients, create (3 lines) + execute through the gateway',
    bench: 'order',
    unit: '/s',
    measured: (r) => r.saga.executed_per_s,
    reference: { label: 'Flask original (constant)', value: () => ORIGINAL.executed_orders_per_s },
    target: '≥ 3× (≥ 264/s)',
    met: (_, ratio) => (ratio ?? 0) >= 3,
  },
  {
    figure: 'executed orders/s vs the saga SQL in pgbench',
    bench: 'order',
    unit: '/s',
    measured: (r) => r.saga.executed_per_s,
    reference: { label: 'pgbench bench/saga-reference.sql', value: (r) => r.pgbench_reference.orders_per_s },
    target: '≥ 0.5',
    met: (_, ratio) => (ratio ?? 0) >= 0.5,
  },
  {
    figure: 'execute p99 under that load',
    bench: 'order',
    unit: 'ms',
    measured: (r) => r.saga.execute_p99_ms,
    target: '≤ 100 ms',
    met: (measured) => measured <= 100,
  },
  ...readRows('by_name', 'anonymous GET /products?name=X'),
  ...readRows('first_page', 'authenticated GET /products?limit=20'),
  {
    figure: 'reads/s in the first 10 s after start (fresh processes)',
    bench: 'cold-start',
    unit: '/s',
    measured: (r) => r.first_window.per_s,
    reference: { label: 'the same load a minute later', value: (r) => r.later_window.per_s },
    target: '≥ 0.8',
    met: (_, ratio) => (ratio ?? 0) >= 0.8,
  },
  {
    figure: 'events/s outbox → relay → broker → inbox consumer',
    bench: 'messaging',
    unit: '/s',
    measured: (r) => r.outbox_relay_broker_inbox_per_s,
    reference: {
      label: 'bare amqplib confirm-publish + consume',
      value: (r) => r.bare_amqplib_confirm_and_consume_per_s,
    },
    target: '≥ 0.6',
    met: (_, ratio) => (ratio ?? 0) >= 0.6,
  },
  {
    figure: 'bulk import 1M-row CSV until order and analytics hold every product',
    bench: 'import',
    unit: 'rows/s',
    measured: (r) => r.end_to_end_rows_per_s,
    reference: { label: 'bare COPY of the same rows', value: (r) => r.bare_copy_rows_per_s },
    floor: {
      label: "catalog's write alone: INSERT … SELECT into a copy of catalog.products with its indexes",
      value: (r) => r.indexed_write_rows_per_s,
    },
    target: '≥ 50k rows/s',
    met: (measured) => measured >= 50_000,
  },
  {
    figure: 'peak RSS of catalog / order / analytics during the import (largest)',
    bench: 'import',
    unit: 'MiB',
    measured: (r) => Math.max(...Object.values(r.peak_rss_mib as Record<string, number>)),
    target: '< 300 MB',
    met: (measured) => measured * 1.048_576 < 300,
  },
  {
    figure: 'logins/s at bcrypt cost 10',
    bench: 'gateway',
    unit: '/s',
    measured: (r) => r.logins.per_s,
    reference: { label: 'Flask original (constant)', value: () => ORIGINAL.logins_per_s },
    target: '≥ 2×',
    met: (_, ratio) => (ratio ?? 0) >= 2,
  },
  {
    figure: 'p99 of an authenticated GET during a login flood',
    bench: 'gateway',
    unit: 'ms',
    measured: (r) => r.authenticated_get_during_login_flood.p99_ms,
    reference: { label: 'the same GET unloaded', value: (r) => r.authenticated_get_quiet.p99_ms },
    target: '≤ 3× unloaded',
    met: (_, ratio) => ratio !== undefined && ratio <= 3,
  },
  {
    figure: 'orders/s scaled out (2 gateways, 3 catalogs, 2 orders, 2 analytics)',
    bench: 'scale-out',
    unit: '/s',
    measured: (r) => r.scaled.orders_per_s,
    reference: { label: 'one replica of each', value: (r) => r.single.orders_per_s },
    target: '≥ 0.85',
    met: (_, ratio) => (ratio ?? 0) >= 0.85,
  },
];

/** The two read rows of one route: against the original, and the gateway against going direct. */
function readRows(key: string, route: string): TargetRow[] {
  const floor = {
    label: 'bench/bare-proxy.ts in front of the same catalog',
    value: (r: Results) => r[key].through_bare_node_proxy.per_s,
  };
  return [
    {
      figure: `${route} through the gateway, 32 connections`,
      bench: 'catalog',
      unit: '/s',
      measured: (r) => r[key].through_gateway.per_s,
      reference: { label: 'Flask original (constant)', value: () => ORIGINAL.product_reads_per_s },
      floor,
      target: '≥ 4×',
      met: (_, ratio) => (ratio ?? 0) >= 4,
    },
    {
      figure: `${route}: gateway vs straight to catalog`,
      bench: 'catalog',
      unit: '/s',
      measured: (r) => r[key].through_gateway.per_s,
      reference: {
        label: 'the same request straight to catalog',
        value: (r) => r[key].direct_to_catalog.per_s,
      },
      floor,
      target: '≥ 0.8',
      met: (_, ratio) => (ratio ?? 0) >= 0.8,
    },
  ];
}
