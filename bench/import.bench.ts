// Bulk import of a generated 1M-row CSV streamed to POST /products/bulk-import, end to end: from
// the upload's start until the order service's catalog replica and analytics' product names hold
// every product (the product can be ordered), next to a bare COPY of the same rows into a plain table
// (the physical reference). Peak RSS (VmHWM) of catalog, order and analytics over the whole run.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { request } from 'undici';
import { benchConfig, scaledCount } from './config.js';
import { withBenchDatabase } from './database.js';
import { perSecond, writeResults } from './report.js';
import { cpuMsPer, cpuSecondsByPart, startStack } from './stack.js';

const ROWS = scaledCount(1_000_000, 1_000);
// How long the run waits for the replicas; past it, the rate counts what they hold by then.
const REPLICATION_DEADLINE_MS = 600_000;

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('name,quantity,category,price,cost\n');
  for (let i = 0; i < rows; i++) {
    const line = `Product ${i},${i % 1000},Category ${i % 40},${(1 + (i % 9000) / 100).toFixed(2)},0.50\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** COPY into a plain table, left for indexedWrite to read. */
async function bareCopy(sql: postgres.Sql, path: string): Promise<number> {
  await sql`create table public.copy_reference (name text, quantity int, category text, price numeric(12,2), cost numeric(12,2))`;
  const started = performance.now();
  const target = await sql`copy public.copy_reference from stdin with (format csv, header true)`.writable();
  await pipeline(createReadStream(path), target);
  return performance.now() - started;
}

/**
 * The floor of catalog's own write: the copied rows into a table shaped like catalog.products, with
 * its constraints and every index (the GIN trigrams included), in one INSERT … SELECT.
 */
async function indexedWrite(sql: postgres.Sql): Promise<number> {
  await sql`create table public.indexed_reference (like catalog.products including all)`;
  const started = performance.now();
  await sql`
    insert into public.indexed_reference (name, category_id, price, cost, quantity)
    select name, 1, price, cost, quantity from public.copy_reference`;
  const elapsed = performance.now() - started;
  await sql`drop table public.indexed_reference, public.copy_reference`;
  return elapsed;
}

/** Products the order service could price now, and products analytics knows by catalog's name. */
async function replicated(sql: postgres.Sql): Promise<{ order: number; analytics: number }> {
  const [order] = await sql<{ count: number }[]>`
    select count(*)::int as count from orders.catalog_products where active and name is not null`;
  const [analytics] = await sql<{ count: number }[]>`
    select count(*)::int as count from analytics.products where catalog_name is not null`;
  return { order: order?.count ?? 0, analytics: analytics?.count ?? 0 };
}

await withBenchDatabase(async (databaseUrl, prefix) => {
  const dir = await mkdtemp(join(tmpdir(), 'shop-import-bench-'));
  const stack = await startStack(
    databaseUrl,
    prefix,
    { catalog: 1, order: 1, analytics: 1, gateway: 0 },
    18_281,
    { catalog: { IMPORT_MAX_BYTES: String(200 * 1024 * 1024), IMPORT_MAX_ROWS: String(ROWS) } },
  );
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [auth] = stack.replicas.auth;
    const [catalog, order, analytics] = [
      stack.replicas.catalog[0],
      stack.replicas.order[0],
      stack.replicas.analytics[0],
    ];
    if (!auth || !catalog || !order || !analytics) throw new Error('the stack lacks a service');
    const login = await fetch(`${auth.origin}/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@shop.local', password: 'admin-password-123' }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const path = join(dir, `products-${ROWS}.csv`);
    await writeCsv(path, ROWS);
    const { size } = await stat(path);

    const cpuBefore = await cpuSecondsByPart(stack, databaseUrl);
    const started = performance.now();
    const response = await request(`${catalog.origin}/products/bulk-import`, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        'content-length': String(size),
        authorization: `Bearer ${access_token}`,
      },
      body: createReadStream(path),
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const report = await response.body.json();
    const answeredMs = performance.now() - started;
    if (response.statusCode !== 200)
      throw new Error(`import answered ${response.statusCode}: ${JSON.stringify(report)}`);
    let counts = await replicated(sql);
    while (
      (counts.order < ROWS || counts.analytics < ROWS) &&
      performance.now() - started < REPLICATION_DEADLINE_MS
    ) {
      await sleep(200);
      counts = await replicated(sql);
    }
    const endToEndMs = performance.now() - started;
    const cpuAfter = await cpuSecondsByPart(stack, databaseUrl);
    // Past the deadline, the rate is that of the products both replicas hold by then.
    const available = Math.min(ROWS, counts.order, counts.analytics);
    const copyMs = await bareCopy(sql, path);
    const indexedMs = await indexedWrite(sql);
    const endToEnd = perSecond(available, endToEndMs);
    const bare = perSecond(ROWS, copyMs);
    await writeResults('import', {
      route: 'POST /products/bulk-import (text/csv, streamed, atomic), straight to catalog',
      rows: ROWS,
      file_mib: Math.round(size / 1024 / 1024),
      report,
      import_answered_ms: Math.round(answeredMs),
      import_answered_rows_per_s: perSecond(ROWS, answeredMs),
      replicated_within_deadline: available === ROWS,
      replicas_hold: counts,
      end_to_end_ms: Math.round(endToEndMs),
      end_to_end_rows_per_s: endToEnd,
      bare_copy_rows_per_s: bare,
      // CPU time per row of each part, upload to replicated (ms per 1,000 rows: µs per row).
      cpu_us_per_row: cpuMsPer(ROWS / 1000, cpuBefore, cpuAfter),
      end_to_end_to_copy_ratio: Math.round((endToEnd / bare) * 10_000) / 10_000,
      indexed_write_rows_per_s: perSecond(ROWS, indexedMs),
      peak_rss_mib: {
        catalog: await catalog.peakRssMiB(),
        order: await order.peakRssMiB(),
        analytics: await analytics.peakRssMiB(),
      },
      scale: benchConfig.scale,
    });
  } finally {
    await sql.end();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
