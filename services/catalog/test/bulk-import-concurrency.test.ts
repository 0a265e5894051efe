import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { importCsv, storedProduct } from './fixtures/import-fixtures.js';
import { uniqueName, useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

// A small pool, so imports that hold connections while waiting for more would exhaust it.
const catalog = useTestCatalog(env, { DATABASE_POOL_MAX: '4', IMPORT_CONCURRENCY: '2' });

const ROWS = 5000;
const IMPORTS = 8;
const ANSWER_WITHIN_MS = 2000;

describe('concurrent bulk imports', () => {
  it('8 async imports of 5k rows creating the same new categories all succeed, the later ones queued, while reads and /readyz keep answering', async () => {
    const categories = Array.from({ length: 20 }, () => uniqueName('Shared'));
    const files = Array.from({ length: IMPORTS }, (_, file) =>
      csvOf(
        Array.from({ length: ROWS }, (_, row) => ({
          name: uniqueName(`Import${file}`),
          category: categories[(row * 7 + file) % categories.length] as string,
        })),
      ),
    );

    const started = await Promise.all(files.map((csv) => importCsv(catalog, csv, '?async=true')));
    expect(started.map((response) => response.status)).toEqual(started.map(() => 202));
    const ids = started.map((response) => response.body.job_id as string);

    const seen = new Set<string>();
    let slowest = 0;
    const finished = await waitFor(
      async () => {
        slowest = Math.max(slowest, await answerTime('/products?limit=5'), await answerTime('/readyz'));
        const jobs = await Promise.all(ids.map((id) => job(id)));
        for (const { status } of jobs) seen.add(status);
        return jobs;
      },
      {
        until: (jobs) => jobs.every(({ status }) => status !== 'queued' && status !== 'running'),
        timeoutMs: 50_000,
        intervalMs: 100,
        what: 'every import to finish',
      },
    );

    expect(finished.map(({ status, error }) => error ?? status)).toEqual(ids.map(() => 'succeeded'));
    expect(finished.map(({ report }) => report?.inserted)).toEqual(ids.map(() => ROWS));
    expect(seen).toContain('queued');
    expect(slowest).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it('concurrent imports updating the same products in opposite orders all succeed', async () => {
    const category = uniqueName('Both');
    const rows = Array.from({ length: 3000 }, () => ({ name: uniqueName('Contended'), category }));
    const seeded = await importCsv(catalog, csvOf(rows));
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);

    const reversed = [...rows].reverse();
    const responses = await Promise.all([
      importCsv(catalog, csvOf(rows, 5)),
      importCsv(catalog, csvOf(reversed, 6)),
      importCsv(catalog, csvOf(rows, 7)),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(responses.map((response) => response.body.updated)).toEqual([3000, 3000, 3000]);
    expect([5, 6, 7]).toContain((await storedProduct(catalog, rows[0]?.name ?? ''))?.quantity);
  });

  it('concurrent synchronous imports creating the same new categories all succeed', async () => {
    const categories = Array.from({ length: 5 }, () => uniqueName('Race'));
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        importCsv(catalog, csvOf(categories.map((category) => ({ name: uniqueName('Racer'), category })))),
      ),
    );

    expect(responses.map((response) => response.body.detail ?? response.status)).toEqual([
      200, 200, 200, 200,
    ]);
  });
});

function csvOf(rows: { name: string; category: string }[], quantity = 1): string {
  return `name,quantity,category,price\n${rows.map((row) => `${row.name},${quantity},${row.category},2.5`).join('\n')}\n`;
}

async function job(id: string) {
  const response = await catalog.request('GET', `/products/imports/${id}`, { as: 'admin' });
  return response.body as { status: string; error?: string; report?: { inserted: number } };
}

/** How long a GET takes to answer; a frozen catalog counts as the full timeout. */
async function answerTime(path: string): Promise<number> {
  const started = Date.now();
  try {
    await fetch(`${catalog.origin}${path}`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS * 2) });
  } catch {
    return ANSWER_WITHIN_MS * 2;
  }
  return Date.now() - started;
}
