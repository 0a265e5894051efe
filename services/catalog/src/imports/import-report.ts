/** One complaint about one cell; `row` is the 1-based data row (the header is not counted). */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** What an import did, or would do on a dry run. */
export interface ImportReport {
  total_rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  errors: RowError[];
}

export type ImportMode = 'upsert' | 'insert';

export interface ImportOptions {
  mode: ImportMode;
  /** All or nothing: one transaction, and any bad row imports nothing. */
  atomic: boolean;
  dryRun: boolean;
}

/** The bounds every import is held to (config IMPORT_*). */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  maxInflatedBytes: number;
}

/** The outcome: `refused` when an atomic import had bad rows and so wrote nothing. */
export interface ImportOutcome {
  report: ImportReport;
  refused: boolean;
}

/** Errors kept in a report at most, so a file of bad rows cannot grow the answer without bound. */
export const MAX_REPORTED_ERRORS = 1000;
