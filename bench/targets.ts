// Issue 11's target table: each row's figure and its reference, read from the results the benches
// of this run wrote, with the ratio and whether the target is met. Printed by bench/run.ts after
// the benches and written to bench/results/summary.json; a row whose bench did not run (or failed
// before writing its results) is "not measured".
import { readFile, writeFile } from 'node:fs/promises';
import { benchConfig } from './config.js';

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

// The JSON each bench wrote: its shape is that bench's, read by the rows below.
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, one shape per bench
type Results = Record<string, any>;

interface TargetRow {
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

const rows: TargetRow[] = [
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

export interface SummaryRow {
  figure: string;
  bench: string;
  measured: number | null;
  unit: string;
  reference: string | null;
  reference_value: number | null;
  ratio: number | null;
  floor: string | null;
  floor_value: number | null;
  /** The floor to the reference, as the ratio is the measured figure to it. */
  floor_ratio: number | null;
  target: string;
  met: 'yes' | 'no' | 'not measured';
}

const resultsDir = new URL('./results/', import.meta.url);

/** The results a bench wrote since `since`, or undefined when it wrote none in this run. */
export async function resultsOf(bench: string, since: Date): Promise<Results | undefined> {
  try {
    const results = JSON.parse(await readFile(new URL(`${bench}.json`, resultsDir), 'utf8')) as Results;
    return new Date(results.measured_at) >= since ? results : undefined;
  } catch {
    return undefined;
  }
}

/** Two decimals, or two significant digits below 0.1 (a ratio of 0.002 is not 0). */
function round(value: number): number {
  return Math.abs(value) < 0.1 ? Number(value.toPrecision(2)) : Math.round(value * 100) / 100;
}

/** Every row of the table from the results written since `since`. */
export async function summarize(since: Date): Promise<SummaryRow[]> {
  const summary: SummaryRow[] = [];
  for (const row of rows) {
    const results = await resultsOf(row.bench, since);
    const base = { figure: row.figure, bench: row.bench, unit: row.unit, target: row.target };
    const reference = row.reference?.label ?? null;
    const floor = row.floor?.label ?? null;
    if (!results) {
      summary.push({
        ...base,
        measured: null,
        reference,
        reference_value: null,
        ratio: null,
        floor,
        floor_value: null,
        floor_ratio: null,
        met: 'not measured',
      });
      continue;
    }
    const measured = row.measured(results);
    const referenceValue = row.reference ? row.reference.value(results) : undefined;
    const ratio = referenceValue ? round(measured / referenceValue) : undefined;
    const floorValue = row.floor ? row.floor.value(results) : undefined;
    summary.push({
      ...base,
      measured,
      reference,
      reference_value: referenceValue ?? null,
      ratio: ratio ?? null,
      floor,
      floor_value: floorValue ?? null,
      floor_ratio: floorValue && referenceValue ? round(floorValue / referenceValue) : null,
      met: row.met(measured, ratio) ? 'yes' : 'no',
    });
  }
  return summary;
}

/** Prints the table and writes bench/results/summary.json. */
export async function reportTargets(since: Date): Promise<SummaryRow[]> {
  const summary = await summarize(since);
  const cells = summary.map((row) => [
    row.figure,
    row.measured === null ? '—' : `${row.measured} ${row.unit}`,
    row.reference === null
      ? '—'
      : `${row.reference}${row.reference_value === null ? '' : `: ${row.reference_value}`}`,
    row.ratio === null ? '—' : String(row.ratio),
    row.target,
    row.met,
    row.floor_value === null
      ? '—'
      : `${row.floor_value} ${row.unit}${row.floor_ratio === null ? '' : ` (${row.floor_ratio})`}`,
  ]);
  const header = ['figure', 'measured', 'reference', 'ratio', 'target', 'met', 'floor (ratio)'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((cell) => (cell[i] as string).length)),
  );
  const line = (cell: string[]) => cell.map((text, i) => text.padEnd(widths[i] as number)).join(' | ');
  console.log(
    `\nIssue 11 targets (BENCH_SCALE=${benchConfig.scale}${benchConfig.scale === 1 ? '' : ', not the reported size'})`,
  );
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cell of cells) console.log(line(cell));
  const document = {
    measured_at: new Date().toISOString(),
    scale: benchConfig.scale,
    original: ORIGINAL,
    rows: summary,
  };
  await writeFile(new URL('summary.json', resultsDir), `${JSON.stringify(document, null, 2)}\n`);
  return summary;
}
