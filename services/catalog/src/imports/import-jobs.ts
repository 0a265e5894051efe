import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, type Logger, type Sql } from '@shop/platform';
import {
  deleteFinishedJobs,
  findImportJob,
  type ImportJobChange,
  type ImportJobStatus,
  insertImportJob,
  touchImportJobs,
  updateUnfinishedJob,
} from '../data/import-jobs.repository.js';
import { ImportInterrupted, stopIfInterrupted } from './import-interrupted.js';
import type { ImportProgress } from './import-products.js';
import type { ImportOutcome, ImportReport } from './import-report.js';
import { ImportSlots } from './import-slots.js';

/** What GET /products/imports/:job_id shows of a background import. */
export interface ImportJob {
  job_id: string;
  status: ImportJobStatus;
  /** Rows read and checked so far. */
  processed_rows: number;
  /** Rows written so far (chunks commit one by one once the whole file was checked). */
  written_rows: number;
  report?: ImportReport;
  /** Why a failed or interrupted job stopped, when it was not bad rows. */
  error?: string;
}

/** What an import is handed to run: where to report progress, and when to stop. */
export interface ImportControl {
  onProgress?: (progress: ImportProgress) => void;
  signal: AbortSignal;
}

export type ImportWork = (control: ImportControl) => Promise<ImportOutcome>;

export interface ImportJobsOptions {
  sql: Sql;
  logger: Logger;
  /** Imports running at once in this process; the others wait their turn (`queued`). */
  concurrency: number;
}

const HEARTBEAT_MS = 5_000;
/** A queued or running job untouched this long reads as interrupted: its replica stopped. */
const STALE_AFTER_MS = 30_000;
const PROGRESS_EVERY_MS = 1_000;
const KEEP_FINISHED_MS = 7 * 24 * 3_600_000;
/** After the drain budget, how long an aborted import gets to reach its next chunk boundary. */
const ABORT_GRACE_MS = 2_000;

const NOT_STARTED = 'The catalog stopped before this import started; send the file again';
const STOPPED_RUNNING =
  'The catalog stopped while this import ran: the rows written so far (written_rows) stay written; ' +
  'importing the file again with mode=upsert completes it';

/**
 * Imports of this process, synchronous ones and background jobs alike, run at most `concurrency`
 * at once. Jobs are stored in the database (any replica answers for them) and touched while they
 * live; drain() ends them on shutdown, so none stays queued or running forever.
 */
export class ImportJobs {
  private readonly slots: ImportSlots;
  private readonly live = new Map<string, { controller: AbortController; settled: Promise<unknown> }>();
  private readonly jobIds = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(private readonly options: ImportJobsOptions) {
    this.slots = new ImportSlots(options.concurrency);
  }

  /** Runs an import for a request that waits for it, once a slot is free. */
  run(work: ImportWork): Promise<ImportOutcome> {
    this.refuseWhenDraining();
    const controller = new AbortController();
    const settled = this.slots.run(() => {
      stopIfInterrupted(controller.signal);
      return work({ signal: controller.signal });
    });
    this.track(randomUUID(), controller, settled);
    return settled;
  }

  /** Stores a queued job, starts it in the background once a slot is free, and returns its id. */
  async start(work: ImportWork, onCrash: (error: unknown) => void): Promise<string> {
    this.refuseWhenDraining();
    const { sql, logger } = this.options;
    const jobId = randomUUID();
    await insertImportJob(sql, jobId);
    void deleteFinishedJobs(sql, KEEP_FINISHED_MS).catch(() => {});
    const controller = new AbortController();
    const change = (fields: ImportJobChange) => updateUnfinishedJob(sql, jobId, fields);
    let lastProgress = 0;
    const onProgress = ({ processedRows, writtenRows }: ImportProgress) => {
      if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = Date.now();
      void change({ processed_rows: processedRows, written_rows: writtenRows }).catch(() => {});
    };
    const settled = this.slots
      .run(async () => {
        stopIfInterrupted(controller.signal);
        await change({ status: 'running' });
        return work({ signal: controller.signal, onProgress });
      })
      .then(
        ({ report, refused }) =>
          change({
            status: refused ? 'failed' : 'succeeded',
            processed_rows: report.total_rows,
            written_rows: report.inserted + report.updated,
            report,
          }),
        (error: unknown) => {
          if (!(error instanceof AppError)) onCrash(error);
          return change(failureOf(error));
        },
      )
      .catch((error: unknown) => logger.error({ err: error, job_id: jobId }, 'import job state not saved'));
    this.jobIds.add(jobId);
    this.track(jobId, controller, settled);
    this.heartbeat ??= setInterval(() => {
      void touchImportJobs(sql, [...this.jobIds]).catch(() => {});
    }, HEARTBEAT_MS).unref();
    return jobId;
  }

  /** The job with this id, whichever replica runs or ran it. */
  async find(id: string): Promise<ImportJob | undefined> {
    const row = await findImportJob(this.options.sql, id, STALE_AFTER_MS);
    if (!row) return undefined;
    const { report, error, ...job } = row;
    return {
      ...job,
      ...(report ? { report: report as ImportReport } : {}),
      ...(error ? { error } : {}),
    };
  }

  /**
   * On shutdown: refuses new imports, ends the queued ones as interrupted at once, gives running
   * ones `budgetMs` to finish, then stops them at their next batch (interrupted, with what they
   * wrote). A job still stuck after that is marked interrupted all the same.
   */
  async drain(budgetMs: number): Promise<void> {
    this.draining = true;
    this.slots.refuseWaiting(new ImportInterrupted(NOT_STARTED));
    const allSettled = () => Promise.allSettled([...this.live.values()].map(({ settled }) => settled));
    const finished = await Promise.race([allSettled().then(() => true), sleep(budgetMs, false)]);
    if (!finished) {
      for (const { controller } of this.live.values())
        controller.abort(new ImportInterrupted(STOPPED_RUNNING));
      await Promise.race([allSettled(), sleep(ABORT_GRACE_MS)]);
    }
    clearInterval(this.heartbeat);
    const stuck = [...this.jobIds];
    await Promise.allSettled(
      stuck.map((jobId) =>
        updateUnfinishedJob(this.options.sql, jobId, { status: 'interrupted', error: STOPPED_RUNNING }),
      ),
    );
  }

  private track(id: string, controller: AbortController, settled: Promise<unknown>): void {
    this.live.set(id, { controller, settled });
    const forget = () => {
      this.live.delete(id);
      this.jobIds.delete(id);
    };
    settled.then(forget, forget);
  }

  private refuseWhenDraining(): void {
    if (this.draining) throw new ImportInterrupted('The catalog is shutting down; send the file again');
  }
}

function failureOf(error: unknown): ImportJobChange {
  if (error instanceof ImportInterrupted) return { status: 'interrupted', error: error.detail };
  return {
    status: 'failed',
    error: error instanceof AppError ? error.detail : 'The import failed unexpectedly',
  };
}
