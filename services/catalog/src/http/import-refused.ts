import { problemOf } from '@shop/platform';
import type { Context } from 'hono';
import type { ImportReport } from '../imports/import-report.js';

/**
 * The 422 of an atomic import with bad rows: a problem+json that is also the report, each row
 * error carrying a `path` (`rows.<row>.<column>`) like any other field error.
 */
export function importRefused(c: Context, report: ImportReport): Response {
  const problem = problemOf(
    422,
    'Import refused',
    `${report.rejected} of ${report.total_rows} rows are invalid; nothing was imported`,
  );
  const errors = report.errors.map((error) => ({ path: `rows.${error.row}.${error.column}`, ...error }));
  return c.body(JSON.stringify({ ...problem, ...report, errors }), 422, {
    'content-type': 'application/problem+json',
  });
}
