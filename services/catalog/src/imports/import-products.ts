import type { Queryable, Sql, TransactionSql } from '@shop/platform';
import { UnprocessableError, ValidationError } from '@shop/platform';
import { findActiveNames } from '../data/product-import.repository.js';
import type { Causation } from '../messaging/causation.js';
import {
  type ImportLimits,
  type ImportOptions,
  type ImportOutcome,
  type ImportReport,
  MAX_REPORTED_ERRORS,
  type RowError,
} from './import-report.js';
import { type ColumnIndex, type ImportRow, parseImportRow, resolveColumns } from './import-row.js';
import { type NameLedger, openNameLedger } from './name-ledger.js';
import { storeImportBatch } from './store-import-batch.js';

const BATCH_SIZE = 1000;

export interface ImportRun {
  options: ImportOptions;
  limits: ImportLimits;
  causation: Causation;
  /** Told the number of rows processed after every batch. */
  onProgress?: (processedRows: number) => void;
}

type InTransaction = <T>(work: (tx: TransactionSql) => Promise<T>) => Promise<T>;

/**
 * Imports product records (the first is the header): validates every row and writes valid ones in
 * batches with their events, all in one transaction, so a file refused for its size or row count
 * writes nothing; an atomic import is also rolled back by a single bad row.
 */
export async function importProducts(
  sql: Sql,
  records: AsyncIterable<string[]>,
  run: ImportRun,
): Promise<ImportOutcome> {
  const ledger = await openNameLedger(sql);
  try {
    return await importWith(sql, records, { ...run, ledger });
  } finally {
    await ledger.close();
  }
}

async function importWith(
  sql: Sql,
  records: AsyncIterable<string[]>,
  run: ImportRun & { ledger: NameLedger },
): Promise<ImportOutcome> {
  if (run.options.dryRun) return importRows(sql, records, run, (work) => sql.begin(work) as never);
  let refused: ImportOutcome | undefined;
  const outcome = await sql
    .begin(async (tx) => {
      const result = await importRows(tx, records, run, (work) => work(tx));
      if (result.refused) {
        refused = result;
        throw new Error('rolled back: the import has bad rows');
      }
      return result;
    })
    .catch((error: unknown) => {
      if (refused) return refused;
      throw error;
    });
  return outcome;
}

async function importRows(
  reader: Queryable,
  records: AsyncIterable<string[]>,
  run: ImportRun & { ledger: NameLedger },
  inTransaction: InTransaction,
): Promise<ImportOutcome> {
  const report: ImportReport = { total_rows: 0, inserted: 0, updated: 0, rejected: 0, errors: [] };
  let columns: ColumnIndex | undefined;
  let batch: NumberedRow[] = [];
  const flush = async () => {
    const { kept, repeated } = await run.ledger.keepFirstOfEachName(batch, ({ row }) => row.name);
    for (const { number } of repeated) {
      reject(report, [{ row: number, column: 'name', message: 'repeats the name of an earlier row' }]);
    }
    await writeBatch(reader, kept, report, run, inTransaction);
    batch = [];
    run.onProgress?.(report.total_rows);
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
  const refused = run.options.atomic && !run.options.dryRun && report.rejected > 0;
  if (refused) Object.assign(report, { inserted: 0, updated: 0 });
  return { report, refused };
}

interface NumberedRow {
  number: number;
  row: ImportRow;
}

async function writeBatch(
  reader: Queryable,
  batch: NumberedRow[],
  report: ImportReport,
  run: ImportRun,
  inTransaction: InTransaction,
): Promise<void> {
  const { mode, dryRun, atomic } = run.options;
  const existing =
    mode === 'insert' || dryRun
      ? await findActiveNames(
          reader,
          batch.map(({ row }) => row.name.toLowerCase()),
        )
      : new Set<string>();
  const isExisting = ({ row }: NumberedRow) => existing.has(row.name.toLowerCase());
  if (mode === 'insert') {
    for (const taken of batch.filter(isExisting)) {
      reject(report, [
        { row: taken.number, column: 'name', message: 'a product with this name already exists' },
      ]);
    }
    batch = batch.filter((row) => !isExisting(row));
  }
  if (dryRun || (atomic && report.rejected > 0)) {
    const updates = batch.filter(isExisting).length;
    report.updated += updates;
    report.inserted += batch.length - updates;
    return;
  }
  if (batch.length === 0) return;
  const stored = await inTransaction((tx) =>
    storeImportBatch(
      tx,
      batch.map(({ row }) => row),
      mode,
      run.causation,
    ),
  );
  const inserted = stored.filter((row) => row.inserted).length;
  report.inserted += inserted;
  report.updated += stored.length - inserted;
}

function reject(report: ImportReport, errors: RowError[]): void {
  report.rejected++;
  const room = MAX_REPORTED_ERRORS - report.errors.length;
  if (room > 0) report.errors.push(...errors.slice(0, room));
}
