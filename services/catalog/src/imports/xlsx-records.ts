import { PayloadTooLargeError, ValidationError } from '@shop/platform';
import * as XLSX from 'xlsx';
import type { ImportLimits } from './import-report.js';
import { zipInflatedSize } from './zip-inflated-size.js';

/**
 * The first sheet of a buffered .xlsx as records of cell text. The ZIP's declared inflated size is
 * checked first so a zip bomb is refused before SheetJS inflates anything; formulas are not evaluated.
 */
export async function* xlsxRecords(file: Buffer, limits: ImportLimits): AsyncGenerator<string[]> {
  if (zipInflatedSize(file) > limits.maxInflatedBytes) {
    throw new PayloadTooLargeError(`The spreadsheet inflates to more than ${limits.maxInflatedBytes} bytes`);
  }
  const sheet = firstSheet(file, limits.maxRows + 2);
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
    header: 1,
    raw: true,
    defval: '',
    blankrows: false,
  });
  for (const row of rows) yield row.map((cell) => (cell === null || cell === undefined ? '' : String(cell)));
}

function firstSheet(file: Buffer, sheetRows: number): XLSX.WorkSheet {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(file, {
      type: 'buffer',
      dense: true,
      sheetRows,
      cellFormula: false,
      cellHTML: false,
    });
  } catch {
    throw new ValidationError('The file is not a valid .xlsx spreadsheet');
  }
  const name = workbook.SheetNames[0];
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  if (!sheet) throw new ValidationError('The spreadsheet has no sheet');
  return sheet;
}
