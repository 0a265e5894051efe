import { h } from '../dom.js';
import { dataTable } from './tables.js';

/** The per-row report of an import, as the API answers it. */
export interface ImportReport {
  total_rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  errors: { row: number; column: string; message: string }[];
}

const csvCell = (value: string | number) => `"${String(value).replaceAll('"', '""')}"`;

/** The report as CSV: a line per rejected row's complaint (row, column, message). */
export function reportCsv(report: ImportReport): string {
  const lines = [['row', 'column', 'message'], ...report.errors.map((e) => [e.row, e.column, e.message])];
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The report's counts, its errors as a table and a link downloading them as CSV. */
export function reportView(report: ImportReport, fileName: string): HTMLElement {
  const download = h(
    'a',
    {
      href: URL.createObjectURL(new Blob([reportCsv(report)], { type: 'text/csv' })),
      download: `${fileName.replace(/\.\w+$/, '')}-report.csv`,
    },
    'Download the report (CSV)',
  );
  const counts = h(
    'dl',
    { class: 'totals' },
    ...(
      [
        ['Rows', report.total_rows],
        ['Inserted', report.inserted],
        ['Updated', report.updated],
        ['Rejected', report.rejected],
      ] as const
    ).map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, String(value)))),
  );
  const errors =
    report.errors.length === 0
      ? h('p', {}, 'Every row was accepted.')
      : dataTable(
          'Rejected rows',
          ['Row', 'Column', 'Problem'],
          report.errors.map((e) => [String(e.row), e.column, e.message]),
          3,
        );
  return h(
    'section',
    { 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title' }, 'Report'),
    counts,
    errors,
    download,
  );
}
