import type { Queryable } from '@shop/platform';

export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';

/** An import job as stored (GET /products/imports/:job_id shows it). */
export interface ImportJobRow {
  job_id: string;
  status: ImportJobStatus;
  processed_rows: number;
  written_rows: number;
  report: unknown;
  error: string | null;
}

export async function insertImportJob(sql: Queryable, jobId: string): Promise<void> {
  await sql`insert into import_jobs (job_id, status) values (${jobId}, 'queued')`;
}

export interface ImportJobChange {
  status?: ImportJobStatus;
  processed_rows?: number;
  written_rows?: number;
  report?: unknown;
  error?: string;
}

/** Changes a job that has not ended yet (a late progress write never overwrites its outcome). */
export async function updateUnfinishedJob(
  sql: Queryable,
  jobId: string,
  change: ImportJobChange,
): Promise<void> {
  const fields: Record<string, unknown> = { ...change, updated_at: new Date() };
  if (change.report !== undefined) fields.report = sql.json(change.report as never);
  await sql`
    update import_jobs set ${sql(fields)}
    where job_id = ${jobId} and status in ('queued', 'running')`;
}

/** Marks these jobs as still being worked on (their replica is alive). */
export async function touchImportJobs(sql: Queryable, jobIds: string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await sql`
    update import_jobs set updated_at = now()
    where job_id = any(${sql.array(jobIds)}::uuid[]) and status in ('queued', 'running')`;
}

/**
 * The job, a queued or running one untouched for `staleAfterMs` shown as interrupted (the replica
 * that ran it stopped without saying so).
 */
export async function findImportJob(
  sql: Queryable,
  jobId: string,
  staleAfterMs: number,
): Promise<ImportJobRow | undefined> {
  const [row] = await sql<(ImportJobRow & { stale: boolean })[]>`
    select job_id, status, processed_rows, written_rows, report, error,
      status in ('queued', 'running') and updated_at < now() - ${`${staleAfterMs} milliseconds`}::interval as stale
    from import_jobs where job_id = ${jobId}`;
  if (!row) return undefined;
  const { stale, ...job } = row;
  return stale ? { ...job, status: 'interrupted', error: STOPPED_REPLICA } : job;
}

const STOPPED_REPLICA = 'The catalog replica running this import stopped; send the file again';

/** Deletes finished jobs last changed before `olderThanMs` ago. */
export async function deleteFinishedJobs(sql: Queryable, olderThanMs: number): Promise<void> {
  await sql`
    delete from import_jobs
    where status not in ('queued', 'running')
      and updated_at < now() - ${`${olderThanMs} milliseconds`}::interval`;
}
