import { Counter, type Registry } from '@shop/platform';
import type { ImportReport } from './import-report.js';

/** Counts the rows of finished imports into `import_rows_total` by outcome (inserted, updated, rejected). */
export function importRowsCounter(registry: Registry): (report: ImportReport) => void {
  const rows = new Counter({
    name: 'import_rows_total',
    help: 'Rows of finished bulk imports, by outcome (inserted, updated, rejected)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return function countImportedRows({ inserted, updated, rejected }) {
    rows.inc({ outcome: 'inserted' }, inserted);
    rows.inc({ outcome: 'updated' }, updated);
    rows.inc({ outcome: 'rejected' }, rejected);
  };
}
