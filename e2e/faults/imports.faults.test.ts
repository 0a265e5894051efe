// Bulk imports during the order load, through the gateway: a dozen concurrent async imports and one
// of 100k rows. Orders keep settling meanwhile (at 2 a second at least), every job succeeds, and the
// audit's drain includes the order and analytics replicas absorbing every imported product.
import { randomUUID } from 'node:crypto';
import { waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { underLoad, useFaultSuite } from './harness/scenario.js';

const suite = useFaultSuite('imports');

interface Job {
  status: string;
  error?: string;
  report?: { inserted: number; rejected: number };
}

/** A CSV of `rows` new products named `<prefix> <n>` over a few categories. */
function csvOf(prefix: string, rows: number): string {
  const lines = Array.from({ length: rows }, (_, n) => `${prefix} ${n},5,${prefix} c${n % 8},2.5`);
  return `name,quantity,category,price\n${lines.join('\n')}\n`;
}

/** Starts an async import through the gateway as the admin; its job id. */
async function startImport(csv: string): Promise<string> {
  const response = await fetch(`${suite.stack.gateway.origin}/products/bulk-import?async=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${suite.admin.token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const body = (await response.json()) as { job_id?: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  return body.job_id as string;
}

/** Waits until every job has ended; the jobs as answered then. */
async function finished(jobIds: string[]): Promise<Job[]> {
  return waitFor(
    () =>
      Promise.all(
        jobIds.map(
          async (id) => (await suite.admin.call('GET', `/products/imports/${id}`)).body as unknown as Job,
        ),
      ),
    {
      until: (jobs) => jobs.every((job) => job.status !== 'queued' && job.status !== 'running'),
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'every import to end',
    },
  );
}

describe('when a dozen bulk imports and a 100k-row one run during the order load', () => {
  it('every import succeeds, orders keep settling meanwhile, and the replicas end holding every product', async () => {
    const run = `Imp${randomUUID().slice(0, 6)}`;
    const files = [
      ...Array.from({ length: 12 }, (_, i) => ({ prefix: `${run} a${i}`, rows: 5_000 })),
      { prefix: `${run} big`, rows: 100_000 },
    ];
    const imported = files.reduce((sum, file) => sum + file.rows, 0);
    await underLoad(
      suite,
      'a dozen 5k-row imports and a 100k-row import during the order load',
      async ({ load }) => {
        const started = Date.now();
        const jobs = await finished(
          await Promise.all(files.map((file) => startImport(csvOf(file.prefix, file.rows)))),
        );
        expect(jobs.map((job) => job.error ?? job.status)).toEqual(files.map(() => 'succeeded'));
        expect(jobs.map((job) => job.report?.inserted)).toEqual(files.map((file) => file.rows));
        const importsMs = Date.now() - started;
        const settledMeanwhile = load.settledSince(started);
        // Before bulk rows had a lane of their own, 9 executes settled in 36 s (the saga's replies
        // waited behind 160k product.upserted in catalog's outbox); now ~8 a second.
        expect(settledMeanwhile, 'executes settled per second while the imports ran').toBeGreaterThanOrEqual(
          (2 * importsMs) / 1000,
        );
        return { importedRows: imported, importsMs, settledMeanwhile };
      },
      { auditTimeoutMs: 180_000 },
    );
    const [replica] = await suite.sql<{ count: number }[]>`
      select count(*)::int as count from orders.catalog_products where name like ${`${run} %`}`;
    const [analytics] = await suite.sql<{ count: number }[]>`
      select count(*)::int as count from analytics.products where catalog_name like ${`${run} %`}`;
    expect({ order: replica?.count, analytics: analytics?.count }).toEqual({
      order: imported,
      analytics: imported,
    });
  });
});
