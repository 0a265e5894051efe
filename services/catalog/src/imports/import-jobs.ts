import { randomUUID } from 'node:crypto';
import { AppError } from '@shop/platform';
import type { ImportOutcome, ImportReport } from './import-report.js';

/** What GET /products/imports/:job_id shows of a background import. */
export interface ImportJob {
  job_id: string;
  status: 'running' | 'succeeded' | 'failed';
  processed_rows: number;
  report?: ImportReport;
  /** Why a failed job failed, when it was not bad rows. */
  error?: string;
}

const KEPT_FINISHED_JOBS = 1000;

/**
 * Background imports, kept in the memory of this process only: another replica does not know them
 * and a restart forgets them. The oldest finished jobs are dropped beyond a thousand.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  /** Starts `work` in the background and returns its job id at once. */
  start(
    work: (onProgress: (rows: number) => void) => Promise<ImportOutcome>,
    onCrash: (error: unknown) => void,
  ): string {
    const job: ImportJob = { job_id: randomUUID(), status: 'running', processed_rows: 0 };
    this.jobs.set(job.job_id, job);
    this.forgetOldJobs();
    work((rows) => {
      job.processed_rows = rows;
    }).then(
      ({ report, refused }) => {
        Object.assign(job, {
          status: refused ? 'failed' : 'succeeded',
          processed_rows: report.total_rows,
          report,
        });
      },
      (error: unknown) => {
        job.status = 'failed';
        job.error = error instanceof AppError ? error.detail : 'The import failed unexpectedly';
        if (!(error instanceof AppError)) onCrash(error);
      },
    );
    return job.job_id;
  }

  /** The job with this id, if this process ran it. */
  find(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  private forgetOldJobs(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_FINISHED_JOBS) return;
      if (job.status !== 'running') this.jobs.delete(id);
    }
  }
}
