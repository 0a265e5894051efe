import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { PayloadTooLargeError, ValidationError } from '@shop/platform';
import type { ImportLimits } from './import-report.js';
import { zipEntries } from './zip-entries.js';

/** Columns read of a sheet: a product row needs five, and a row of a million cells must not cost memory. */
export const MAX_XLSX_COLUMNS = 256;
/** Heap of the worker parsing one spreadsheet: past it the worker dies and the file is refused (413). */
const WORKER_HEAP_MB = 1024;

const workerScript = new URL('./xlsx-worker.mjs', import.meta.url);

type Reply = { rows: string[][] } | { done: true } | { refused: { status: 400 | 413; message: string } };

/**
 * The first sheet of a buffered .xlsx as records of cell text. The archive's layout is checked here
 * (zip-entries.ts), then a worker thread inflates it with a hard cap and parses it, so neither a zip
 * bomb nor a large sheet stalls the event loop; the rows come back in batches as they are read.
 */
export async function* xlsxRecords(file: Buffer, limits: ImportLimits): AsyncGenerator<string[]> {
  const entries = zipEntries(file, limits.maxInflatedBytes);
  const worker = new Worker(workerScript, {
    workerData: {
      file,
      entries,
      maxInflatedBytes: limits.maxInflatedBytes,
      sheetRows: limits.maxRows + 2,
      maxColumns: MAX_XLSX_COLUMNS,
    },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  try {
    for (;;) {
      const reply = await nextBatch(worker);
      if ('done' in reply) return;
      if ('refused' in reply) throw refusal(reply.refused);
      yield* reply.rows;
    }
  } finally {
    await worker.terminate();
  }
}

async function nextBatch(worker: Worker): Promise<Reply> {
  worker.postMessage('next');
  try {
    const [reply] = (await once(worker, 'message')) as [Reply];
    return reply;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      throw new PayloadTooLargeError('The spreadsheet needs more memory to read than an import may use');
    }
    throw error;
  }
}

function refusal({ status, message }: { status: 400 | 413; message: string }): Error {
  return status === 413 ? new PayloadTooLargeError(message) : new ValidationError(message);
}
