import { AppError } from '@shop/platform';
import type { ImportReport } from '../imports/import-report.js';

/**
 * The 422 of an atomic import with bad rows: a problem that is also the report, each row error
 * carrying a `path` (`rows.<row>.<column>`) like any other field error.
 */
export class ImportRefusedError extends AppError {
  readonly status = 422;
  readonly title = 'Import refused';
  override readonly extensions: Omit<ImportReport, 'errors'>;

  constructor({ errors, ...summary }: ImportReport) {
    super(
      `${summary.rejected} of ${summary.total_rows} rows are invalid; nothing was imported`,
      errors.map((error) => ({ path: `rows.${error.row}.${error.column}`, ...error })),
    );
    this.extensions = summary;
  }
}
