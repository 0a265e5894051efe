// Bulk import rows/s and the catalog's peak RSS for generated 100k- and 1M-row CSVs streamed to
// POST /products/bulk-import, next to a bare COPY of the same rows (the physical reference).
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { request } from 'undici';
import { benchConfig } from './config.js';
import { withBenchDatabase } from './database.js';
import { startProcess } from './processes.js';
import { perSecond, writeResults } from './report.js';

const PORTS = { auth: 18_281, catalog: 18_282 };
const SIZES = [100_000, 1_000_000].map((rows) => Math.round(rows * benchConfig.scale));

async function writeCsv(path: string, rows: number, offset: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('name,quantity,category,price,cost\n');
  for (let i = 0; i < rows; i++) {
    const line = `Product ${offset + i},${i % 1000},Category ${i % 40},${(1 + (i % 9000) / 100).toFixed(2)},0.50\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function bareCopy(databaseUrl: string, path: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await sql`create table if not exists copy_reference (name text, quantity int, category text, price numeric(12,2), cost numeric(12,2))`;
  const started = performance.now();
  const target = await sql`copy copy_reference from stdin with (format csv, header true)`.writable();
  await pipeline(createReadStream(path), target);
  const elapsed = performance.now() - started;
  await sql`drop table copy_reference`;
  await sql.end();
  return elapsed;
}

await withBenchDatabase(async (databaseUrl, prefix) => {
  const dir = await mkdtemp(join(tmpdir(), 'shop-import-bench-'));
  const shared = { DATABASE_URL: databaseUrl, AMQP_PREFIX: prefix, NODE_ENV: 'development' };
  const auth = await startProcess('services/auth/src/main.ts', `http://127.0.0.1:${PORTS.auth}`, {
    ...shared,
    PORT: String(PORTS.auth),
  });
  const catalog = await startProcess('services/catalog/src/main.ts', `http://127.0.0.1:${PORTS.catalog}`, {
    ...shared,
    PORT: String(PORTS.catalog),
    AUTH_URL: auth.origin,
    SEED_SAMPLE_CATALOG: 'false',
    IMPORT_MAX_BYTES: String(200 * 1024 * 1024),
  });
  try {
    const login = await fetch(`${auth.origin}/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@shop.local', password: 'admin-password-123' }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const runs = [];
    let offset = 0;
    for (const rows of SIZES) {
      const path = join(dir, `products-${rows}.csv`);
      await writeCsv(path, rows, offset);
      offset += rows;
      const { size } = await stat(path);
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
      const report = (await response.body.json()) as { inserted: number };
      const importMs = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`import answered ${response.statusCode}`);
      const copyMs = await bareCopy(databaseUrl, path);
      runs.push({
        rows,
        file_mib: Math.round(size / 1024 / 1024),
        inserted: report.inserted,
        import_rows_per_s: perSecond(rows, importMs),
        catalog_peak_rss_mib: await catalog.peakRssMiB(),
        bare_copy_rows_per_s: perSecond(rows, copyMs),
        import_to_copy_ratio: Math.round((copyMs / importMs) * 100) / 100,
      });
    }
    await writeResults('import', { route: 'POST /products/bulk-import (text/csv, streamed, atomic)', runs });
  } finally {
    await catalog.stop();
    await auth.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
