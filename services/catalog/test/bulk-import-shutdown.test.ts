import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { importCsv } from './fixtures/import-fixtures.js';
import { startTestCatalog, type TestCatalog, uniqueName } from './fixtures/test-catalog.js';

const env = useTestEnvironment();
const running: TestCatalog[] = [];

afterAll(async () => {
  for (const catalog of running) await catalog.stop().catch(() => {});
});

// One import at a time and a drain budget of 100 ms, so a shutdown meets one running and one queued.
async function start(): Promise<TestCatalog> {
  const catalog = await startTestCatalog(env, { IMPORT_CONCURRENCY: '1', SHUTDOWN_TIMEOUT_MS: '200' });
  running.push(catalog);
  return catalog;
}

function csvOf(rows: number): string {
  const category = uniqueName('Drained');
  return `name,quantity,category,price\n${Array.from({ length: rows }, () => `${uniqueName('Row')},1,${category},2`).join('\n')}\n`;
}

const job = async (catalog: TestCatalog, id: string) =>
  (await catalog.request('GET', `/products/imports/${id}`, { as: 'admin' })).body;

describe('bulk imports at shutdown', () => {
  it('a running job past the drain budget ends interrupted with what it wrote, a queued one interrupted as not started; another replica tells both', async () => {
    const first = await start();
    const runningJob = await importCsv(first, csvOf(60_000), '?async=true');
    await waitFor(() => job(first, runningJob.body.job_id), {
      until: (body) => body.status === 'running',
      what: 'the first job to run',
    });
    const queuedJob = await importCsv(first, csvOf(10), '?async=true');
    expect((await job(first, queuedJob.body.job_id)).status).toBe('queued');

    await first.stop();
    running.splice(running.indexOf(first), 1);
    const second = await start();

    const stopped = await job(second, runningJob.body.job_id);
    expect(stopped).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/written_rows/) });
    const [stored] = await second.sql<{ count: number }[]>`
      select count(*)::int as count from products`;
    expect(stopped.written_rows).toBe(stored?.count);
    expect(await job(second, queuedJob.body.job_id)).toMatchObject({
      status: 'interrupted',
      processed_rows: 0,
      error: expect.stringMatching(/before this import started/),
    });
  });

  it('a job whose replica stopped without a word (not touched for 30 s) reads as interrupted, not running forever', async () => {
    const catalog = await start();
    const jobId = crypto.randomUUID();
    await catalog.sql`
      insert into import_jobs (job_id, status, processed_rows, updated_at)
      values (${jobId}, 'running', 4000, now() - interval '31 seconds')`;

    expect(await job(catalog, jobId)).toMatchObject({
      job_id: jobId,
      status: 'interrupted',
      processed_rows: 4000,
      error: expect.stringMatching(/stopped/),
    });
  });
});
