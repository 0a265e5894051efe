import type { Causation } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { UnprocessableError, ValidationError } from '@shop/platform';
import {
  analyzeStaging,
  createStaging,
  dropStaging,
  nextStagedChunk,
  type StagedRow,
  type StagingConnection,
  stageRows,
} from '../data/import-staging.repository.js';
import { findActiveNames } from '../data/product-import.repository.js';
import { stopIfInterrupted } from './import-interrupted.js';
import {
  type ImportLimits,
  type ImportOptions,
  type ImportOutcome,
  type ImportReport,
  MAX_REPORTED_ERRORS,
  type RowError,
} from './import-report.js';
import { type ColumnIndex, type ImportRow, parseImportRow, resolveColumns } from './import-row.js';
import { storeImportBatch } from './store-import-batch.js';

const BATCH_SIZE = 1000;

/** How far an import is: rows read and checked so far, rows written so far. */
export interface ImportProgress {
  processedRows: number;
  writtenRows: number;
}

export interface ImportRun {
  options: ImportOptions;
  limits: ImportLimits;
  causation: Causation;
  /** Told the progress after every batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborted: the import stops before its next batch (ImportInterrupted). */
  signal?: AbortSignal;
}

/**
 * Imports product records (the first is the header) in two passes on one connection of its own:
 * every row is first read, checked and staged in a temporary table (so memory stays bounded and a
 * file refused for its size, its row count or, when atomic, one bad row writes nothing); the
 * staged rows are then written in name order, in chunks that each commit with their events, so
 * row locks are held briefly. No transaction is open while the file is read, and the import never
 * waits for a second pooled connection while holding one.
 */
export async function importProducts(
  sql: Sql,
  records: AsyncIterable<string[]>,
  run: ImportRun,
): Promise<ImportOutcome> {
  const connection = await sql.reserve();
  try {
    await createStaging(connection);
    const report = await checkAndStage(connection, records, run);
    const { atomic, dryRun } = run.options;
    if (dryRun) return { report, refused: false };
    if (atomic && report.rejected > 0)
      return { report: { ...report, inserted: 0, updated: 0 }, refused: true };
    await writeStaged(connection, report, run);
    return { report, refused: false };
  } finally {
    await dropStaging(connection).catch(() => {});
    connection.release();
  }
}

interface NumberedRow {
  number: number;
  row: ImportRow;
}

/** Pass one: reads, checks and stages every row; counts what a dry run would insert and update. */
async function checkAndStage(
  connection: StagingConnection,
  records: AsyncIterable<string[]>,
  run: ImportRun,
): Promise<ImportReport> {
  const report: ImportReport = { total_rows: 0, inserted: 0, updated: 0, rejected: 0, errors: [] };
  let columns: ColumnIndex | undefined;
  let batch: NumberedRow[] = [];
  // A batch is staged while the next one is read and checked, so the database and the parsing overlap;
  // batches are staged one after the other, each seeing the names of those before it.
  let staging: Promise<void> = Promise.resolve();
  const flush = async () => {
    await staging;
    stopIfInterrupted(run.signal);
    staging = stageBatch(connection, batch, report, run).then(() =>
      run.onProgress?.({ processedRows: report.total_rows, writtenRows: 0 }),
    );
    // Awaited by the next flush or after the last row; a failure is not unhandled meanwhile.
    staging.catch(() => {});
    batch = [];
  };
  for await (const record of records) {
    if (!columns) {
      columns = resolveColumns(record);
      continue;
    }
    const number = ++report.total_rows;
    if (number > run.limits.maxRows) {
      throw new UnprocessableError(`The file has more than ${run.limits.maxRows} rows`);
    }
    const parsed = parseImportRow(record, columns, number);
    if ('errors' in parsed) {
      reject(report, parsed.errors);
      continue;
    }
    batch.push({ number, row: parsed.row });
    if (batch.length >= BATCH_SIZE) await flush();
  }
  if (!columns) throw new ValidationError('The file is empty: a header row is required');
  if (batch.length > 0) await flush();
  await staging;
  keepFirstErrors(report);
  await analyzeStaging(connection);
  return report;
}

/**
 * Stages a batch: a name already used by an earlier row is a row error; in insert mode so is the
 * name of an active product (staged as refused, so a later row repeating it is still a repeat).
 */
async function stageBatch(
  connection: StagingConnection,
  batch: NumberedRow[],
  report: ImportReport,
  run: ImportRun,
): Promise<void> {
  const { mode, dryRun } = run.options;
  const keyOf = ({ row }: NumberedRow) => row.name.toLowerCase();
  const firsts = new Map<string, NumberedRow>();
  for (const row of batch) if (!firsts.has(keyOf(row))) firsts.set(keyOf(row), row);
  const existing =
    mode === 'insert' || dryRun ? await findActiveNames(connection, [...firsts.keys()]) : new Set<string>();
  const staged = await stageRows(
    connection,
    [...firsts.entries()].map(([key, { row }]) => ({
      key,
      ...row,
      refused: mode === 'insert' && existing.has(key),
    })) satisfies StagedRow[],
  );
  const isRepeat = (row: NumberedRow) => firsts.get(keyOf(row)) !== row || !staged.has(keyOf(row));
  for (const repeated of batch.filter(isRepeat)) {
    reject(report, [{ row: repeated.number, column: 'name', message: 'repeats the name of an earlier row' }]);
  }
  const fresh = batch.filter((row) => !isRepeat(row));
  if (mode === 'insert') {
    for (const taken of fresh.filter((row) => existing.has(keyOf(row)))) {
      reject(report, [
        { row: taken.number, column: 'name', message: 'a product with this name already exists' },
      ]);
    }
  }
  if (dryRun) {
    const updates = mode === 'insert' ? 0 : fresh.filter((row) => existing.has(keyOf(row))).length;
    const refused = mode === 'insert' ? fresh.filter((row) => existing.has(keyOf(row))).length : 0;
    report.updated += updates;
    report.inserted += fresh.length - updates - refused;
  }
}

const CHUNK_SIZE = 1000;

/** Pass two: writes the staged rows chunk by chunk, in name order. */
async function writeStaged(
  connection: StagingConnection,
  report: ImportReport,
  run: ImportRun,
): Promise<void> {
  let after: string | undefined;
  for (;;) {
    stopIfInterrupted(run.signal);
    const chunk = await nextStagedChunk(connection, after, CHUNK_SIZE);
    if (!chunk) return;
    const stored = await storeImportBatch(connection, chunk, run.options.mode, run.causation);
    const inserted = stored.filter((row) => row.inserted).length;
    report.inserted += inserted;
    report.updated += stored.length - inserted;
    after = chunk.last;
    run.onProgress?.({ processedRows: report.total_rows, writtenRows: report.inserted + report.updated });
  }
}

function reject(report: ImportReport, errors: RowError[]): void {
  report.rejected++;
  report.errors.push(...errors);
  if (report.errors.length >= 2 * MAX_REPORTED_ERRORS) keepFirstErrors(report);
}

/**
 * Keeps the report's first errors by row, at most MAX_REPORTED_ERRORS: a staged batch's repeats are
 * found after later rows were checked. The sort is stable, so a row's errors keep their column order.
 */
function keepFirstErrors(report: ImportReport): void {
  report.errors.sort((a, b) => a.row - b.row);
  report.errors.length = Math.min(report.errors.length, MAX_REPORTED_ERRORS);
}
